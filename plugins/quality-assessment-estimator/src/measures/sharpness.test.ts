import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { gaussianBlur, scaleBrightness } from '../testing/degrade.ts';
import { reblurSharpness, sharpnessScore } from './sharpness.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): number => {
  const { crop, face } = faceSetup(img, points);
  return reblurSharpness(crop.luma, face);
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('sharpness (re-blur)', () => {
  it('reads a real face as sharp and a blurred copy as not, monotonically', () => {
    const raw = [0, 1.5, 3].map((sigma) => measure(sigma === 0 ? image : gaussianBlur(image, sigma)));
    for (let i = 1; i < raw.length; i++) expect(raw[i]).toBeLessThan(raw[i - 1]);
    expect(sharpnessScore(raw[0])).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.sharpness);
    expect(sharpnessScore(raw[2])).toBeLessThan(DEFAULT_THRESHOLDS.sharpness);
  });

  it('does not care about brightness', () => {
    expect(measure(scaleBrightness(image, 0.6))).toBeCloseTo(measure(image), 1);
  });

  it('is 1 - blur on a synthetic step: a hard edge is sharper than a soft one', () => {
    const plane = (soft: number) => {
      const width = 64;
      const data = new Float32Array(width * width);
      for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) data[y * width + x] = 255 / (1 + Math.exp(-(x - 32 + 0.3 * y - 10) / soft));
      return { width, height: width, data };
    };
    const all = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(1) };
    expect(reblurSharpness(plane(0.3), all)).toBeGreaterThan(reblurSharpness(plane(3), all));
    expect(reblurSharpness(plane(0.3), all)).toBeLessThanOrEqual(1);
  });
});
