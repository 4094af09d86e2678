import { describe, expect, it } from 'vitest';
import { convertTfjsModel } from '../convert/convert.js';
import { attr, compareWithTfjs, opGraph, singleOp } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { randomArray, runOnnx } from '../testing/reference.js';

const TOL = 0;

describe('reshaping ops match TF.js', () => {
  it('Reshape with -1', async () => {
    const spec = singleOp('Reshape', { x: { shape: [2, 3, 4] } }, { s: { shape: [2], data: [-1, 6], dtype: 'int32' } });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(TOL);
  });

  it('Reshape with a computed (run-time) shape', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [2, 3, 4] } },
      consts: { b: { shape: [1], data: [1], dtype: 'int32' as const }, e: { shape: [1], data: [2], dtype: 'int32' as const }, st: { shape: [1], data: [1], dtype: 'int32' as const }, tail: { shape: [1], data: [4], dtype: 'int32' as const } },
      nodes: [
        { name: 'sh', op: 'Shape', inputs: ['x'], attrs: { out_type: attr.type('DT_INT32') } },
        { name: 'd', op: 'StridedSlice', inputs: ['sh', 'b', 'e', 'st'], attrs: { shrink_axis_mask: attr.i(1) } },
        { name: 'p', op: 'Pack', inputs: ['d', 'd', 'd'], attrs: { axis: attr.i(0), T: attr.type('DT_INT32') } },
        { name: 'y', op: 'Reshape', inputs: ['x', 'sh'] },
      ],
    };
    expect((await compareWithTfjs(spec, ['y', 'p'], { convert: { dynamicBatch: true, outputs: ['y', 'p'] } })).abs).toBe(TOL);
  });

  it('a batch fixed at 1 by a Reshape target stays dynamic', async () => {
    const spec = singleOp('Reshape', { x: { shape: [1, 4, 4, 2] } }, { s: { shape: [3], data: [1, 16, 2], dtype: 'int32' } });
    const { onnx, inputs, outputs } = convertTfjsModel(opGraph(spec), { outputs: ['y'] });
    expect(inputs[0]!.shape).toEqual(['batch', 4, 4, 2]);
    expect(outputs[0]!.shape).toEqual(['batch', 16, 2]);
    const x = randomArray(64, 3);
    const [y] = await runOnnx(onnx, { x: { data: x, shape: [2, 4, 4, 2] } }, ['y']);
    expect(y!.shape).toEqual([2, 16, 2]);
    expect(Array.from(y!.data)).toEqual(Array.from(x));
  });

  it('Squeeze with and without squeeze_dims', async () => {
    const a = singleOp('Squeeze', { x: { shape: [2, 1, 3, 1] } }, {}, { squeeze_dims: attr.ints([1]) });
    const b = singleOp('Squeeze', { x: { shape: [2, 1, 3, 1] } }, {}, { squeeze_dims: attr.ints([]) });
    expect((await compareWithTfjs(a, ['y'])).abs).toBe(TOL);
    expect((await compareWithTfjs(b, ['y'])).abs).toBe(TOL);
  });

  it('ExpandDims with a negative axis', async () => {
    const spec = singleOp('ExpandDims', { x: { shape: [2, 3] } }, { d: { shape: [], data: [-1], dtype: 'int32' } });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(TOL);
  });
});
