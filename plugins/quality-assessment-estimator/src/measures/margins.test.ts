import { describe, expect, it } from 'vitest';
import type { Point } from '@facelab/core';
import { faceGeometry, type FaceGeometry } from '../face.ts';
import { faceObject } from '../testing/fixtures.ts';
import { eyeDistance, marginDeviation } from './margins.ts';

/** A level face: eyes 100 px apart at height y, chin 120 px below them. */
function face(cx: number, y: number, w: number, h: number, pose?: { yaw: number; pitch: number; roll: number }): FaceGeometry {
  const p = (x: number, yy: number): Point => [x, yy];
  const points = { left_eye: p(cx - 50, y), right_eye: p(cx + 50, y), nose: p(cx, y + 60), mouth_left: p(cx - 35, y + 90), mouth_right: p(cx + 35, y + 90), chin: p(cx, y + 120) };
  return faceGeometry(faceObject(points, w, h, pose ? { pose } : {}), 0, w, h);
}

describe('eye distance', () => {
  it('is the eye-centre distance in pixels, credited for yaw as OFIQ does', () => {
    expect(eyeDistance(face(300, 300, 600, 800))).toBeCloseTo(100, 6);
    expect(eyeDistance(face(300, 300, 600, 800, { yaw: 60, pitch: 0, roll: 0 }))).toBeCloseTo(200, 6);
    expect(eyeDistance(face(300, 300, 600, 800, { yaw: 85, pitch: 0, roll: 0 }))).toBeCloseTo(200, 6);
  });
});

describe('margins', () => {
  // Head box: 240 px wide (2.4 IED), 246 px long (chin 120 below the eyes, crown 126 above).
  it('are zero for a portrait framed like an ID photo', () => {
    const m = marginDeviation(face(160, 160, 320, 340), 320, 340);
    expect(m.outer).toBe(0);
    expect(m.inner).toBe(0);
  });

  it('report how far the picture is too tight (outer) when the head is cropped', () => {
    const m = marginDeviation(face(160, 100, 320, 340), 320, 340);
    expect(m.margins.top).toBeLessThan(0);
    expect(m.outer).toBeCloseTo(0.05 * 246 - m.margins.top, 0);
    expect(m.inner).toBe(0);
  });

  it('report how much room is too much (inner) when the head is small in the picture', () => {
    const m = marginDeviation(face(500, 400, 1000, 900), 1000, 900);
    expect(m.outer).toBe(0);
    expect(m.inner).toBeCloseTo(380 - 0.5 * 240, 0);
  });
});
