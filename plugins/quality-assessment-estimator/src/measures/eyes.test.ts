import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { closeEye } from '../testing/degrade.ts';
import { eyeOpenness, meshEyeOpenings, meshOpennessScore } from './eyes.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): [number, number] => {
  const { crop } = faceSetup(img, points);
  const [l, r] = eyeOpenness(crop.face, crop.luma);
  expect(l.method).toBe('pixels');
  return [l.score, r.score];
};

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('eye openness', () => {
  it('without a mesh, sees both irises and flips each eye closed by its own', () => {
    const ied = points.right_eye[0] - points.left_eye[0];
    const [left, right] = measure(image);
    expect(left).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.eyeOpenness);
    expect(right).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.eyeOpenness);
    const leftClosed = measure(closeEye(image, points.left_eye, 0.32 * ied, 0.16 * ied));
    expect(leftClosed[0]).toBeLessThan(DEFAULT_THRESHOLDS.eyeOpenness);
    expect(leftClosed[1]).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.eyeOpenness);
    const bothClosed = measure(closeEye(closeEye(image, points.left_eye, 0.32 * ied, 0.16 * ied), points.right_eye, 0.32 * ied, 0.16 * ied));
    expect(bothClosed[0]).toBeLessThan(DEFAULT_THRESHOLDS.eyeOpenness);
    expect(bothClosed[1]).toBeLessThan(DEFAULT_THRESHOLDS.eyeOpenness);
  });

  it('with a mesh, follows OFIQ: largest eyelid gap over T through its sigmoid', () => {
    expect(meshOpennessScore(0.02)).toBeCloseTo(0.5, 6);
    expect(meshOpennessScore(0.08)).toBeGreaterThan(0.99);
    expect(meshOpennessScore(0.005)).toBeLessThan(0.2);
    // A mesh whose every point sits at the eyes' midpoint except the image-left eye's upper lid, 3 px above.
    const { geometry } = faceSetup(image, points);
    const mesh = new Float32Array(468 * 3);
    for (let i = 0; i < 468; i++) [mesh[3 * i], mesh[3 * i + 1]] = geometry.eyeMid;
    mesh[3 * 159 + 1] -= 3;
    const [left, right] = meshEyeOpenings({ ...geometry, mesh })!;
    expect(left).toBeCloseTo(3 / geometry.t, 6);
    expect(right).toBe(0);
  });
});
