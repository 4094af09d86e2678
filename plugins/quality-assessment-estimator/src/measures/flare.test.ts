import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { brightSpot } from '../testing/degrade.ts';
import { clippedShare, flareQuality } from './flare.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): number => {
  const { crop, face } = faceSetup(img, points);
  return clippedShare(crop.luminance, face);
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('flare (clipped luminance share)', () => {
  it('finds no clipping on the real face and flags a bright spot on the cheek', () => {
    const cheek: Point = [points.left_eye[0] + 5, points.nose[1]];
    const small = measure(brightSpot(image, cheek, 5));
    const large = measure(brightSpot(image, cheek, 14));
    expect(measure(image)).toBeLessThan(DEFAULT_THRESHOLDS.flareShare);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    expect(large).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.flareShare);
  });

  it('scales the share into a quality as OFIQ does', () => {
    expect(flareQuality(0)).toBe(1);
    expect(flareQuality(0.01)).toBeCloseTo(0.5, 6);
    expect(flareQuality(0.09)).toBeCloseTo(0.1, 6);
  });
});
