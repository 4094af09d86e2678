/**
 * One face's geometry in pixels, read from what earlier units (or the
 * client) put on the object: the 21 named landmarks, the fitter's mesh when
 * the request ran `fit`, and the pose. Eye centres follow OFIQ (ISO/IEC
 * 29794-5): the midpoint of each eye's two corners, falling back to the
 * contract's `left_eye`/`right_eye` points when a corner is missing. The
 * "T metric" is OFIQ's too: the distance from the eyes' midpoint to the chin.
 */
import { validationError, type LandmarkName, type Point, type Pose, type SampleObject } from '@facelab/core';

export interface FaceGeometry {
  /** Landmarks in source pixels. */
  points: Partial<Record<LandmarkName, Point>>;
  /** Mesh in source pixels: x, y, z per point (z in the units of x); absent when `fit` did not run in this request. */
  mesh?: Float32Array;
  pose?: Pose;
  /** Eye centres: "left" is the eye with the smaller x on a frontal face, as in the contract. */
  leftEye: Point;
  rightEye: Point;
  eyeMid: Point;
  mouth: Point;
  chin: Point;
  /** Inter-eye distance in source pixels. */
  ied: number;
  /** Eyes' midpoint to chin, source pixels. */
  t: number;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function midpoint(a: Point, b: Point): Point {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** Ratio of the anthropometric eye-to-chin and inter-eye distances, used only when the chin point is missing. */
const T_PER_IED = 1.75;

/**
 * The face geometry of one object in pixels of a width x height picture.
 * Throws a 422 naming the object when it has no usable eye landmarks.
 */
export function faceGeometry(object: SampleObject, index: number, width: number, height: number): FaceGeometry {
  const points: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, p] of Object.entries(object.landmarks?.points ?? {}) as [LandmarkName, Point][]) {
    if (p && Number.isFinite(p[0]) && Number.isFinite(p[1])) points[name] = [p[0] * width, p[1] * height];
  }
  const leftEye = eyeCentre(points.left_eye_left, points.left_eye_right, points.left_eye);
  const rightEye = eyeCentre(points.right_eye_left, points.right_eye_right, points.right_eye);
  if (!leftEye || !rightEye || distance(leftEye, rightEye) < 1) {
    throw validationError(['body', 'objects', index, 'keypoints'], `Object ${index} has no usable eye landmarks, which quality assessment needs`, 'value_error.missing');
  }
  const eyeMid = midpoint(leftEye, rightEye);
  const ied = distance(leftEye, rightEye);
  // Downward direction of the face: the eye line turned by +90 degrees (image y points down).
  const down: Point = [-(rightEye[1] - leftEye[1]) / ied, (rightEye[0] - leftEye[0]) / ied];
  const mouth =
    points.mouth ??
    (points.mouth_left && points.mouth_right ? midpoint(points.mouth_left, points.mouth_right) : [eyeMid[0] + down[0] * ied * 1.15, eyeMid[1] + down[1] * ied * 1.15]);
  const chin = points.chin ?? [eyeMid[0] + down[0] * ied * T_PER_IED, eyeMid[1] + down[1] * ied * T_PER_IED];
  const mesh = object.hints?.mesh ? meshToPixels(object.hints.mesh, width, height) : undefined;
  return { points, mesh, pose: object.pose, leftEye, rightEye, eyeMid, mouth: mouth as Point, chin: chin as Point, ied, t: Math.max(1, distance(eyeMid, chin as Point)) };
}

function eyeCentre(a: Point | undefined, b: Point | undefined, centre: Point | undefined): Point | undefined {
  if (a && b) return midpoint(a, b);
  return centre;
}

function meshToPixels(mesh: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(mesh.length);
  for (let i = 0; i + 2 < mesh.length; i += 3) {
    out[i] = mesh[i] * width;
    out[i + 1] = mesh[i + 1] * height;
    out[i + 2] = mesh[i + 2] * width;
  }
  return out;
}

/** Mesh point `i` as [x, y]. */
export function meshPoint(mesh: Float32Array, i: number): Point {
  return [mesh[3 * i], mesh[3 * i + 1]];
}
