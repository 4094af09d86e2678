import { describe, expect, it } from 'vitest';
import { applyAffine, HttpError, type LandmarkName, type Point, type SampleObject } from '@facelab/core';
import { ALIGNMENT_TARGETS, arcfaceAffine, chipAffine, mirrorAffine } from './align.ts';

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

describe('five-point ArcFace alignment', () => {
  // InsightFace's 112x112 template (OpenCV pixel centres at integers).
  const TEMPLATE: [LandmarkName, Point][] = [
    ['left_eye', [38.2946, 51.6963]],
    ['right_eye', [73.5318, 51.5014]],
    ['nose', [56.0252, 71.7366]],
    ['mouth_left', [41.5493, 92.3655]],
    ['mouth_right', [70.7299, 92.2041]],
  ];

  /** A face whose five points are the template turned by `angle`, scaled by `s` and moved to (x, y) in picture pixels. */
  function arcFace(s: number, angle: number, x: number, y: number): SampleObject {
    const points: Partial<Record<LandmarkName, Point>> = { chin: [0.9, 0.9] };
    for (const [name, [u, v]] of TEMPLATE) {
      points[name] = [(x + s * (Math.cos(angle) * u - Math.sin(angle) * v)) / W, (y + s * (Math.sin(angle) * u + Math.cos(angle) * v)) / H];
    }
    return { extra: {}, landmarks: { fitterType: 'test', points } };
  }

  it('sends each of the five points to its template place in the 112 crop (pixel centres at +0.5)', () => {
    const object = arcFace(1.7, -0.25, 250, 90);
    const m = arcfaceAffine(object, W, H, 112, 0);
    for (const [name, [u, v]] of TEMPLATE) {
      const [px, py] = applyAffine(m, u + 0.5, v + 0.5);
      const p = object.landmarks!.points[name]!;
      expect(px).toBeCloseTo(p[0] * W, 6);
      expect(py).toBeCloseTo(p[1] * H, 6);
    }
  });

  it('zooms the template about the crop centre: the points move towards it below 1 and away above', () => {
    const object = arcFace(1.3, 0.2, 180, 70);
    for (const zoom of [0.95, 1.05]) {
      const m = arcfaceAffine(object, W, H, 112, 0, zoom);
      for (const [name, [u, v]] of TEMPLATE) {
        const [px, py] = applyAffine(m, 56 + (u + 0.5 - 56) * zoom, 56 + (v + 0.5 - 56) * zoom);
        const p = object.landmarks!.points[name]!;
        expect(px).toBeCloseTo(p[0] * W, 6);
        expect(py).toBeCloseTo(p[1] * H, 6);
      }
    }
    // A zoom below 1 shows more of the picture: the crop spans more picture pixels.
    const scale = (zoom: number): number => Math.hypot(...arcfaceAffine(object, W, H, 112, 0, zoom).slice(0, 2));
    expect(scale(0.95)).toBeCloseTo(scale(1) / 0.95, 9);
    expect(scale(1.05)).toBeCloseTo(scale(1) / 1.05, 9);
  });

  it('ignores the points the template does not name and answers 422 without both eye centres', () => {
    const object = arcFace(1, 0, 100, 100);
    delete object.landmarks!.points.right_eye;
    object.landmarks!.points.right_eye_right = [0.5, 0.3];
    expect(() => arcfaceAffine(object, W, H, 112, 3)).toThrow(/Object 3 has no points of both eyes/);
  });
});
