import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { scaleBrightness, scaleContrast } from '../testing/degrade.ts';
import { luminanceEntropy } from './dynamic-range.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): number => {
  const { crop, face } = faceSetup(img, points);
  return luminanceEntropy(crop.luminance, face);
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('dynamic range (luminance entropy, bits)', () => {
  it('is 0 for a flat plane and 8 for all 256 levels equally used', () => {
    const all = { width: 256, height: 1, data: new Uint8Array(256).fill(1) };
    expect(luminanceEntropy({ width: 256, height: 1, data: new Float32Array(256).fill(90) }, all)).toBe(0);
    expect(luminanceEntropy({ width: 256, height: 1, data: Float32Array.from({ length: 256 }, (_, i) => i) }, all)).toBeCloseTo(8, 6);
  });

  it('drops with darkening and with flattened contrast, flipping the boolean', () => {
    const original = measure(image);
    const dark = measure(scaleBrightness(image, 0.3));
    const flat = measure(scaleContrast(image, 0.2));
    expect(original).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.dynamicRange);
    expect(dark).toBeLessThan(DEFAULT_THRESHOLDS.dynamicRange);
    expect(flat).toBeLessThan(DEFAULT_THRESHOLDS.dynamicRange);
    expect(measure(scaleBrightness(image, 0.6))).toBeLessThan(original);
  });
});
