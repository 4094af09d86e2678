import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';

function resize(op: string, x: number[], size: number[], alignCorners: boolean, halfPixel: boolean) {
  return singleOp(
    op,
    { x: { shape: x } },
    { size: { shape: [2], data: size, dtype: 'int32' } },
    { align_corners: attr.b(alignCorners), half_pixel_centers: attr.b(halfPixel) },
  );
}

// Bilinear weights are computed in float32 on both sides from the same
// coordinates; products and sums differ by a few ulps.
const TOL = 1e-5;

describe('resizing matches TF.js', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[1, 4, 4, 3], [8, 8], false, true],
    [[2, 5, 3, 2], [10, 9], false, true],
    [[1, 4, 4, 3], [8, 8], false, false],
    [[1, 4, 6, 1], [7, 5], true, false],
    [[1, 6, 6, 2], [4, 3], false, true],
    [[1, 3, 3, 1], [7, 7], false, true],
  ];
  for (const [x, size, ac, hp] of cases) {
    it(`ResizeBilinear [${x}] -> ${size} align_corners=${ac} half_pixel=${hp}`, async () => {
      expect((await compareWithTfjs(resize('ResizeBilinear', x, size, ac, hp), ['y'])).abs).toBeLessThan(TOL);
    });
  }

  for (const [x, size, ac, hp] of cases.slice(0, 4)) {
    it(`ResizeNearestNeighbor [${x}] -> ${size} align_corners=${ac} half_pixel=${hp}`, async () => {
      expect((await compareWithTfjs(resize('ResizeNearestNeighbor', x, size, ac, hp), ['y'])).abs).toBe(0);
    });
  }

  it('ResizeBilinear keeps a dynamic batch with non-integer factors', async () => {
    const spec = resize('ResizeBilinear', [2, 3, 5, 2], [7, 8], false, true);
    expect((await compareWithTfjs(spec, ['y'], { convert: { dynamicBatch: true } })).abs).toBeLessThan(TOL);
  });

  it('DepthToSpace (NHWC = ONNX DCR)', async () => {
    const spec = singleOp('DepthToSpace', { x: { shape: [2, 3, 3, 8] } }, {}, { block_size: attr.i(2), data_format: attr.s('NHWC') });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });
});
