import { describe, expect, it } from 'vitest';
import type { LandmarkName, Point } from '@facelab/core';
import { faceGeometry } from '../face.ts';
import { faceObject, SAMPLE3_FACE } from '../testing/fixtures.ts';
import { maxDeviation, poseQuality, rotationOf } from './rotation.ts';

const W = 1920;
const H = 1350;

function rotatePoints(points: Record<LandmarkName, Point>, degrees: number, about: Point): Record<LandmarkName, Point> {
  const a = (degrees * Math.PI) / 180;
  const out = {} as Record<LandmarkName, Point>;
  for (const [k, [x, y]] of Object.entries(points) as [LandmarkName, Point][]) {
    const dx = x - about[0];
    const dy = y - about[1];
    out[k] = [about[0] + dx * Math.cos(a) - dy * Math.sin(a), about[1] + dx * Math.sin(a) + dy * Math.cos(a)];
  }
  return out;
}

describe('rotation', () => {
  it('keeps the signed angle of largest magnitude from the pose', () => {
    const face = faceGeometry(faceObject(SAMPLE3_FACE, W, H, { pose: { yaw: 6, pitch: -16, roll: 2 } }), 0, W, H);
    const r = rotationOf(face);
    expect(r.source).toBe('pose');
    expect(maxDeviation(r)).toBe(-16);
    expect(poseQuality(r)).toBeCloseTo(Math.cos((16 * Math.PI) / 180) ** 2, 9);
  });

  it('reads roll from the eye line when there is no pose, with the fitter\'s sign (image-right eye lower = positive)', () => {
    const level = rotationOf(faceGeometry(faceObject(SAMPLE3_FACE, W, H), 0, W, H));
    const tilted = rotationOf(faceGeometry(faceObject(rotatePoints(SAMPLE3_FACE, 20, SAMPLE3_FACE.nose), W, H), 0, W, H));
    expect(level.source).toBe('landmarks');
    expect(tilted.roll - level.roll).toBeCloseTo(20, 6);
    expect(Math.abs(maxDeviation(tilted))).toBeGreaterThanOrEqual(Math.abs(tilted.roll));
    expect(tilted.pitch).toBeUndefined();
  });

  it('reads yaw from the nose tip off the eyes\' midpoint (turned to the image left = positive)', () => {
    const ied = SAMPLE3_FACE.right_eye[0] - SAMPLE3_FACE.left_eye[0];
    const noseLeft = { ...SAMPLE3_FACE, nose: [SAMPLE3_FACE.nose[0] - 0.4 * ied, SAMPLE3_FACE.nose[1]] as Point };
    const centred = { ...SAMPLE3_FACE, nose: [(SAMPLE3_FACE.left_eye[0] + SAMPLE3_FACE.right_eye[0]) / 2, SAMPLE3_FACE.nose[1]] as Point };
    expect(rotationOf(faceGeometry(faceObject(noseLeft, W, H), 0, W, H)).yaw!).toBeGreaterThan(10);
    expect(Math.abs(rotationOf(faceGeometry(faceObject(centred, W, H), 0, W, H)).yaw!)).toBeLessThan(1);
  });
});
