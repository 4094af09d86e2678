import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { randomArray } from '../testing/reference.js';

describe('joining and splitting match TF.js exactly', () => {
  it('ConcatV2 on the channel axis, with a constant part', async () => {
    const spec = singleOp(
      'ConcatV2',
      { a: { shape: [2, 3, 3, 2] }, b: { shape: [2, 3, 3, 1] } },
      { axis: { shape: [], data: [3], dtype: 'int32' } },
      { N: attr.i(2) },
    );
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('ConcatV2 of two conv outputs runs in NCHW (iris heads)', async () => {
    const same = { strides: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), dilations: attr.ints([1, 1, 1, 1]) };
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 4, 4, 2] } },
      consts: { w1: { shape: [1, 1, 2, 3], data: randomArray(6, 1) }, w2: { shape: [1, 1, 2, 2], data: randomArray(4, 2) }, axis: { shape: [], data: [-1], dtype: 'int32' } },
      nodes: [
        { name: 'c1', op: 'Conv2D', inputs: ['x', 'w1'], attrs: same },
        { name: 'c2', op: 'Conv2D', inputs: ['x', 'w2'], attrs: same },
        { name: 'y', op: 'ConcatV2', inputs: ['c1', 'c2', 'axis'], attrs: { N: attr.i(2) } },
      ],
    };
    const r = await compareWithTfjs(spec, ['y']);
    expect(r.abs).toBeLessThan(1e-6);
    expect(r.onnxOps.Transpose).toBe(2);
  });

  it('Pack on axis 1', async () => {
    const spec = singleOp('Pack', { a: { shape: [2, 3] }, b: { shape: [2, 3] } }, {}, { axis: attr.i(1), N: attr.i(2) });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('SplitV with a -1 size, both outputs', async () => {
    const spec = singleOp(
      'SplitV',
      { x: { shape: [2, 7, 3] } },
      { sizes: { shape: [2], data: [2, -1], dtype: 'int32' }, axis: { shape: [], data: [1], dtype: 'int32' } },
      { num_split: attr.i(2) },
    );
    expect((await compareWithTfjs(spec, ['y', 'y:1'])).abs).toBe(0);
  });

  it('Split into equal parts', async () => {
    const spec = singleOp('Split', { x: { shape: [2, 6] } }, { axis: { shape: [], data: [1], dtype: 'int32' } }, { num_split: attr.i(3) }, ['axis', 'x']);
    expect((await compareWithTfjs(spec, ['y', 'y:1', 'y:2'])).abs).toBe(0);
  });

  it('Unpack', async () => {
    const spec = singleOp('Unpack', { x: { shape: [3, 2, 4] } }, {}, { axis: attr.i(1), num: attr.i(2) });
    expect((await compareWithTfjs(spec, ['y', 'y:1'])).abs).toBe(0);
  });
});
