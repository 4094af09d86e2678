import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { randomArray } from '../testing/reference.js';

const same = { strides: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), dilations: attr.ints([1, 1, 1, 1]) };
const i32 = (data: number[], shape = [data.length]) => ({ shape, data, dtype: 'int32' as const });

describe('layout ops match TF.js exactly', () => {
  it('Transpose', async () => {
    const spec = singleOp('Transpose', { x: { shape: [2, 3, 4] } }, { p: i32([2, 0, 1]) });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('NCHW input bridged by Transposes into a conv and back (nanodet pattern) needs no ONNX transposes', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 3, 6, 6] } },
      consts: { toNhwc: i32([0, 2, 3, 1]), toNchw: i32([0, 3, 1, 2]), w: { shape: [3, 3, 3, 4], data: randomArray(108, 1) } },
      nodes: [
        { name: 't1', op: 'Transpose', inputs: ['x', 'toNhwc'] },
        { name: 'c', op: 'Conv2D', inputs: ['t1', 'w'], attrs: same },
        { name: 'y', op: 'Transpose', inputs: ['c', 'toNchw'] },
      ],
    };
    const r = await compareWithTfjs(spec, ['y']);
    expect(r.abs).toBeLessThan(1e-5);
    expect(r.onnxOps.Transpose ?? 0).toBe(0);
  });

  it('Pad on the channel axis after a pool (BlazeFace channel growth)', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 4, 4, 2] } },
      consts: { p: i32([0, 0, 0, 0, 0, 0, 0, 3], [4, 2]) },
      nodes: [
        { name: 'm', op: 'MaxPool', inputs: ['x'], attrs: { ksize: attr.ints([1, 2, 2, 1]), strides: attr.ints([1, 2, 2, 1]), padding: attr.s('VALID') } },
        { name: 'y', op: 'Pad', inputs: ['m', 'p'] },
      ],
    };
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('PadV2 with a constant value', async () => {
    const spec = singleOp('PadV2', { x: { shape: [1, 3, 3, 2] } }, { p: i32([0, 0, 1, 2, 2, 1, 0, 0], [4, 2]), c: { shape: [], data: [-7.5] } });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('Cast float to int32 truncates like TF', async () => {
    const spec = singleOp('Cast', { x: { shape: [10] } }, {}, { SrcT: attr.type('DT_FLOAT'), DstT: attr.type('DT_INT32') });
    const feeds = { x: { data: Float32Array.from([-2.7, -1.5, -0.2, 0, 0.4, 1.5, 2.5, 3.9, 100.1, -100.9]), shape: [10] } };
    expect((await compareWithTfjs(spec, ['y'], { feeds })).abs).toBe(0);
  });

  it('Shape of a static tensor folds to a constant', async () => {
    const r = await compareWithTfjs(singleOp('Shape', { x: { shape: [2, 5, 3] } }, {}, { out_type: attr.type('DT_INT32') }), ['y']);
    expect(r.abs).toBe(0);
    expect(r.onnxOps.Shape ?? 0).toBe(0);
  });

  it('Identity passes its input through', async () => {
    expect((await compareWithTfjs(singleOp('Identity', { x: { shape: [3, 2] } }), ['y'])).abs).toBe(0);
  });
});
