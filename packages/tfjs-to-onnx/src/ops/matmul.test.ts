import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';
import { randomArray } from '../testing/reference.js';

const TOL = 1e-5;

describe('matrix products match TF.js', () => {
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    it(`MatMul transpose_a=${ta} transpose_b=${tb}`, async () => {
      const spec = singleOp(
        'MatMul',
        { a: { shape: ta ? [5, 3] : [3, 5] } },
        { b: { shape: tb ? [4, 5] : [5, 4], data: randomArray(20, 2) } },
        { transpose_a: attr.b(ta!), transpose_b: attr.b(tb!) },
      );
      expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
    });
  }

  for (const fused of [['BiasAdd'], ['BiasAdd', 'Relu'], ['BiasAdd', 'Sigmoid'], ['BiasAdd', 'Relu6']]) {
    it(`_FusedMatMul [${fused}]`, async () => {
      const spec = singleOp(
        '_FusedMatMul',
        { a: { shape: [2, 16] } },
        { b: { shape: [16, 8], data: randomArray(128, 3) }, bias: { shape: [8], data: randomArray(8, 4) } },
        { fused_ops: attr.strs(fused), num_args: attr.i(1), transpose_a: attr.b(false), transpose_b: attr.b(false) },
      );
      expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
    });
  }

  it('BatchMatMulV2 with adj_y', async () => {
    const spec = singleOp('BatchMatMulV2', { a: { shape: [2, 3, 4] }, b: { shape: [2, 5, 4] } }, {}, { adj_x: attr.b(false), adj_y: attr.b(true) });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });
});
