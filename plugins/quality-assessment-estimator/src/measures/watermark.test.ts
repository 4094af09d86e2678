import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { addNoise, drawWatermark } from '../testing/degrade.ts';
import { noiseSigma } from './noise.ts';
import { strokeShare, watermarkScore } from './watermark.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): number => {
  const { crop, skin } = faceSetup(img, points);
  return watermarkScore(strokeShare(crop.luma, skin, crop.face.ied, noiseSigma(crop.luma, skin)));
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('watermark (thin strokes on the skin)', () => {
  it('flags drawn text across the face, white or dark', () => {
    const ied = points.right_eye[0] - points.left_eye[0];
    const origin: Point = [points.left_eye[0] - 1.3 * ied, points.left_eye[1] - 0.6 * ied];
    expect(measure(image)).toBeLessThan(DEFAULT_THRESHOLDS.watermark);
    expect(measure(drawWatermark(image, origin, 0.3 * ied, 4, 3, 0.7))).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.watermark);
    expect(measure(drawWatermark(image, origin, 0.3 * ied, 4, 3, 0.6, 30))).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.watermark);
  });

  it('does not take grain for strokes', () => {
    expect(measure(addNoise(image, 12))).toBeLessThan(DEFAULT_THRESHOLDS.watermark);
  });
});
