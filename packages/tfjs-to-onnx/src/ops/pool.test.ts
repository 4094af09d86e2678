import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';

const TOL = 1e-6;

function pool(op: string, x: number[], k: number, s: number, padding: string) {
  return singleOp(op, { x: { shape: x } }, {}, { ksize: attr.ints([1, k, k, 1]), strides: attr.ints([1, s, s, 1]), padding: attr.s(padding), data_format: attr.s('NHWC') });
}

describe('pooling matches TF.js', () => {
  const cases: [number[], number, number, string][] = [
    [[2, 8, 8, 3], 2, 2, 'SAME'],
    [[1, 7, 7, 2], 2, 2, 'SAME'],
    [[1, 9, 9, 2], 3, 2, 'SAME'],
    [[1, 9, 8, 2], 3, 2, 'VALID'],
    [[1, 10, 10, 1], 5, 1, 'SAME'],
  ];
  for (const op of ['MaxPool', 'AvgPool']) {
    for (const [x, k, s, padding] of cases) {
      it(`${op} ${k}x${k}/${s} ${padding} on [${x}]`, async () => {
        expect((await compareWithTfjs(pool(op, x, k, s, padding), ['y'])).abs).toBeLessThan(TOL);
      });
    }
  }

  it('AvgPool as a fixed-size global pool (selfie SE blocks)', async () => {
    expect((await compareWithTfjs(pool('AvgPool', [1, 16, 16, 4], 16, 16, 'VALID'), ['y'])).abs).toBeLessThan(TOL);
  });
});
