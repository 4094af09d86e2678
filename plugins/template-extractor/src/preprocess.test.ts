import { describe, expect, it } from 'vitest';
import { warpToTensor, type LandmarkName, type Point, type RawImage } from '@facelab/core';
import { chipAffine, mirrorAffine } from './align.ts';
import { FACEAPI_RESNET34 } from './models.ts';
import { chipBatch } from './preprocess.ts';

/** A 200x160 picture of smooth gradients, so bilinear samples differ everywhere. */
function picture(): RawImage {
  const width = 200;
  const height = 160;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, (x * 3 + y * 5) % 256], (y * width + x) * 3);
  return { width, height, data };
}

describe('chipBatch', () => {
  it('writes each chip and its mirror, the mirror equal to warping through the mirrored map', () => {
    const img = picture();
    const points: Partial<Record<LandmarkName, Point>> = { left_eye: [0.4, 0.4], right_eye: [0.6, 0.42], nose: [0.5, 0.55], mouth_left: [0.43, 0.68], mouth_right: [0.58, 0.69] };
    const object = { extra: {}, landmarks: { fitterType: 'test', points } };
    const batch = chipBatch(img, [{ object, index: 0 }], FACEAPI_RESNET34);
    const n = 3 * 150 * 150;
    expect(batch).toHaveLength(2 * n);
    const m = chipAffine(object, img.width, img.height, 150, 0.25, 0);
    const direct = new Float32Array(n);
    warpToTensor(img, m, FACEAPI_RESNET34.tensor, direct);
    expect(Array.from(batch.subarray(0, n))).toEqual(Array.from(direct));
    warpToTensor(img, mirrorAffine(m, 150), FACEAPI_RESNET34.tensor, direct);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(batch[n + i] - direct[i]));
    expect(worst).toBeLessThan(1e-4);
  });
});
