import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';

const i32 = (data: number[], shape = [data.length]) => ({ shape, data, dtype: 'int32' as const });

describe('indexing and generator ops match TF.js exactly', () => {
  it('TopKV2 values and indices (as in movenet centre picking)', async () => {
    const spec = singleOp('TopKV2', { x: { shape: [2, 10] } }, { k: i32([3], []) }, { sorted: attr.b(true) });
    expect((await compareWithTfjs(spec, ['y', 'y:1'])).abs).toBe(0);
  });

  it('GatherNd with run-time indices', async () => {
    const spec: OpGraphSpec = {
      inputs: { p: { shape: [4, 5, 3] }, x: { shape: [2, 4] } },
      consts: { k: i32([2], []) },
      nodes: [
        { name: 't', op: 'TopKV2', inputs: ['x', 'k'], attrs: { sorted: attr.b(true) } },
        { name: 'y', op: 'GatherNd', inputs: ['p', 't:1'], attrs: { Tindices: attr.type('DT_INT32') } },
      ],
    };
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('GatherV2 on axis 1', async () => {
    const spec = singleOp('GatherV2', { p: { shape: [3, 5, 2] } }, { i: i32([4, 0, 2, 2]), axis: i32([1], []) }, { batch_dims: attr.i(0) });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('ArgMax to int32', async () => {
    const spec = singleOp('ArgMax', { x: { shape: [3, 7] } }, { d: i32([1], []) }, { output_type: attr.type('DT_INT32') });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('Tile, at run time and folded', async () => {
    expect((await compareWithTfjs(singleOp('Tile', { x: { shape: [2, 3] } }, { m: i32([2, 3]) }), ['y'])).abs).toBe(0);
    const folded: OpGraphSpec = { inputs: {}, consts: { x: { shape: [2, 2], data: [1, 2, 3, 4] }, m: i32([3, 1]) }, nodes: [{ name: 'y', op: 'Tile', inputs: ['x', 'm'] }] };
    const r = await compareWithTfjs(folded, ['y']);
    expect(r.abs).toBe(0);
    expect(r.onnxOps.Tile ?? 0).toBe(0);
  });

  it('Range and Fill from run-time values', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [-1, 3] } },
      consts: { zero: { shape: [], data: [0] }, one: { shape: [], data: [1] }, v: { shape: [], data: [2.5] }, b: i32([0]), e: i32([1]), s: i32([1]) },
      nodes: [
        { name: 'sh', op: 'Shape', inputs: ['x'], attrs: { out_type: attr.type('DT_INT32') } },
        { name: 'n', op: 'StridedSlice', inputs: ['sh', 'b', 'e', 's'], attrs: { shrink_axis_mask: attr.i(1), T: attr.type('DT_INT32') } },
        { name: 'nf', op: 'Cast', inputs: ['n'], attrs: { SrcT: attr.type('DT_INT32'), DstT: attr.type('DT_FLOAT') } },
        { name: 'r', op: 'Range', inputs: ['zero', 'nf', 'one'], attrs: { Tidx: attr.type('DT_FLOAT') } },
        { name: 'f', op: 'Fill', inputs: ['sh', 'v'] },
      ],
    };
    const feeds = { x: { data: new Float32Array(12), shape: [4, 3] } };
    expect((await compareWithTfjs(spec, ['r', 'f'], { feeds, convert: { dynamicBatch: true } })).abs).toBe(0);
  });
});
