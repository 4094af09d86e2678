import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { flattenOutside } from '../testing/degrade.ts';
import { countMask } from '../pixels.ts';
import { backgroundRegion, backgroundScore, meanGradient } from './background.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): { score: number; pixels: number } => {
  const { crop } = faceSetup(img, points);
  const region = backgroundRegion(crop);
  return { score: backgroundScore(meanGradient(crop.luminance, region)), pixels: countMask(region) };
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('background uniformity (gradient outside the head)', () => {
  it('scores a cluttered bar low and the same portrait on a plain wall high', () => {
    const ied = points.right_eye[0] - points.left_eye[0];
    const cx = (points.left_eye[0] + points.right_eye[0]) / 2;
    const cy = points.left_eye[1];
    // Keep an ellipse a little larger than the head (hair included) and everything below the chin.
    const keep = (x: number, y: number): boolean => ((x - cx) / (1.45 * ied)) ** 2 + ((y - cy + 0.2 * ied) / (1.9 * ied)) ** 2 <= 1 || y > points.chin[1];
    const cluttered = measure(image);
    const plain = measure(flattenOutside(image, keep, 190));
    expect(cluttered.pixels).toBeGreaterThan(1000);
    expect(cluttered.score).toBeLessThan(DEFAULT_THRESHOLDS.background);
    expect(plain.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.background);
    expect(plain.score).toBeGreaterThan(cluttered.score);
  });

  it('maps the mean gradient as OFIQ does', () => {
    expect(backgroundScore(0)).toBeCloseTo(0.997, 3);
    expect(backgroundScore(10)).toBeCloseTo(0.95, 6);
    expect(backgroundScore(200)).toBeLessThan(backgroundScore(50));
  });
});
