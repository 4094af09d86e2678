import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { addNoise, seeded } from '../testing/degrade.ts';
import { noiseScore, noiseSigma } from './noise.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): number => {
  const { crop, skin } = faceSetup(img, points);
  return noiseSigma(crop.luma, skin);
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('noise (Immerkaer residual, median)', () => {
  it('recovers the sigma of Gaussian noise on a smooth ramp', () => {
    const rand = seeded(3);
    const width = 80;
    const data = new Float32Array(width * width);
    for (let i = 0; i < data.length; i++) {
      const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      data[i] = 100 + (i % width) * 0.5 + 5 * g;
    }
    const all = { width, height: width, data: new Uint8Array(width * width).fill(1) };
    expect(noiseSigma({ width, height: width, data }, all)).toBeCloseTo(5, 0);
  });

  it('grows with added noise and flips isNotNoisy', () => {
    const sigmas = [0, 6, 20].map((s) => measure(s === 0 ? image : addNoise(image, s)));
    for (let i = 1; i < sigmas.length; i++) expect(sigmas[i]).toBeGreaterThan(sigmas[i - 1]);
    expect(noiseScore(sigmas[0])).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.noise);
    expect(noiseScore(sigmas[2])).toBeLessThan(DEFAULT_THRESHOLDS.noise);
  });
});
