import { describe, expect, it } from 'vitest';
import { applyAffine, HttpError, type LandmarkName, type Point, type SampleObject } from '@facelab/core';
import { ALIGNMENT_TARGETS, chipAffine, mirrorAffine } from './align.ts';

const W = 640;
const H = 480;

/** A face whose named points are the targets, scaled by `s`, rotated by `angle` and moved to (x, y), in normalised picture coordinates. */
function face(s: number, angle: number, x: number, y: number, drop: LandmarkName[] = []): SampleObject {
  const points: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, [u, v]] of Object.entries(ALIGNMENT_TARGETS) as [LandmarkName, Point][]) {
    if (drop.includes(name)) continue;
    const px = x + s * (Math.cos(angle) * u - Math.sin(angle) * v);
    const py = y + s * (Math.sin(angle) * u + Math.cos(angle) * v);
    points[name] = [px / W, py / H];
  }
  return { extra: {}, landmarks: { fitterType: 'test', points } };
}

describe('dlib chip alignment', () => {
  it('sends the mean face shape onto its place in a 150 chip with 0.25 padding', () => {
    const m = chipAffine(face(200, 0.3, 300, 100), W, H, 150, 0.25, 0);
    // The unit square of the mean shape spans chip pixels 25..125; its corner (0,0) sits at (300,100).
    const [x, y] = applyAffine(m, 25, 25);
    expect(x).toBeCloseTo(300, 6);
    expect(y).toBeCloseTo(100, 6);
    const [x2, y2] = applyAffine(m, 125, 25);
    expect(x2).toBeCloseTo(300 + 200 * Math.cos(0.3), 6);
    expect(y2).toBeCloseTo(100 + 200 * Math.sin(0.3), 6);
  });

  it('aligns with a subset of the points as long as both eyes are there', () => {
    const m = chipAffine(face(120, -0.2, 200, 150, ['nose', 'mouth_left', 'mouth_right', 'left_eye_left', 'right_eye_right']), W, H, 150, 0.25, 0);
    const [x, y] = applyAffine(m, 25, 25);
    expect(x).toBeCloseTo(200, 6);
    expect(y).toBeCloseTo(150, 6);
  });

  it('mirrors the chip left to right', () => {
    const m = chipAffine(face(100, 0, 100, 100), W, H, 150, 0.25, 0);
    const mirrored = mirrorAffine(m, 150);
    expect(applyAffine(mirrored, 150 - 40, 60)).toEqual(applyAffine(m, 40, 60));
  });

  it('answers 422 naming the object when an eye is missing', () => {
    const object = face(100, 0, 100, 100, ['right_eye_left', 'right_eye', 'right_eye_right']);
    try {
      chipAffine(object, W, H, 150, 0.25, 2);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(422);
      expect(JSON.stringify((error as HttpError).detail)).toContain('Object 2 has no points of both eyes');
    }
  });
});
