import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { randomArray } from '../testing/reference.js';

const TOL = 1e-5;

function reduce(op: string, axes: number[], keep: boolean): OpGraphSpec {
  return singleOp(op, { x: { shape: [2, 4, 5, 3] } }, { axes: { shape: [axes.length], data: axes, dtype: 'int32' } }, { keep_dims: attr.b(keep) });
}

describe('reductions match TF.js', () => {
  for (const op of ['Sum', 'Mean', 'Max', 'Min', 'Prod']) {
    for (const [axes, keep] of [[[1, 2], false], [[1, 2], true], [[-1], false], [[0, 3], true]] as [number[], boolean][]) {
      it(`${op} over [${axes}] keep_dims=${keep}`, async () => {
        expect((await compareWithTfjs(reduce(op, axes, keep), ['y'])).rel).toBeLessThan(TOL);
      });
    }
  }

  it('global Mean after a conv reduces the NCHW tensor without a transpose', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [2, 6, 6, 3] } },
      consts: { w: { shape: [3, 3, 3, 8], data: randomArray(216, 1) }, axes: { shape: [2], data: [1, 2], dtype: 'int32' } },
      nodes: [
        { name: 'c', op: 'Conv2D', inputs: ['x', 'w'], attrs: { strides: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), dilations: attr.ints([1, 1, 1, 1]) } },
        { name: 'y', op: 'Mean', inputs: ['c', 'axes'], attrs: { keep_dims: attr.b(false) } },
      ],
    };
    const r = await compareWithTfjs(spec, ['y']);
    expect(r.abs).toBeLessThan(TOL);
    expect(r.onnxOps.Transpose).toBe(1);
  });
});
