import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { scaleBrightness, shadowLeft } from '../testing/degrade.ts';
import { exposureFactor, histogramIntersection, illuminationScore, illuminationZones, maskedMean } from './illumination.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): { intersection: number; score: number } => {
  const { geometry, crop, face } = faceSetup(img, points);
  const [a, b] = illuminationZones(img, crop.toCanonical, geometry);
  const intersection = histogramIntersection(a, b);
  return { intersection, score: illuminationScore(intersection, maskedMean(crop.luma, face)) };
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('illumination (OFIQ zones x exposure)', () => {
  it('gives identical zones an intersection of 1', () => {
    const plane = { width: 4, height: 4, data: Float32Array.from({ length: 16 }, (_, i) => i * 10) };
    expect(histogramIntersection(plane, plane)).toBeCloseTo(1, 6);
  });

  it('flips when one half of the face is in shadow', () => {
    const even = measure(image);
    const split = (points.left_eye[0] + points.right_eye[0]) / 2;
    const shadowed = measure(shadowLeft(image, split, 0.4));
    expect(even.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.illumination);
    expect(shadowed.intersection).toBeLessThan(even.intersection);
    expect(shadowed.score).toBeLessThan(DEFAULT_THRESHOLDS.illumination);
  });

  it('falls with under-exposure', () => {
    expect(measure(scaleBrightness(image, 0.2)).score).toBeLessThan(DEFAULT_THRESHOLDS.illumination);
    expect(exposureFactor(140)).toBe(1);
    expect(exposureFactor(50)).toBeLessThan(exposureFactor(70));
    expect(exposureFactor(20)).toBe(0);
    expect(exposureFactor(230)).toBeLessThan(1);
  });
});
