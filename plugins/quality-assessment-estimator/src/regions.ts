/**
 * Face regions as masks over the crop. The face region is the convex hull
 * of the face oval of the fitter's mesh when the request ran `fit`
 * (MediaPipe's 36-point silhouette, forehead included), otherwise the hull
 * of the 21 contract landmarks with the brows raised by a third of the T
 * metric to cover the forehead, as OFIQ's landmarked region extends its
 * hull upwards. Skin is that region less the eyes, brows, nostrils and
 * mouth, and less whatever lies outside the picture.
 */
import type { Point } from '@facelab/core';
import type { FaceGeometry } from './face.ts';
import { meshPoint } from './face.ts';
import type { FaceCrop } from './preprocess.ts';
import { andMask, andNotMask, emptyMask, erodeMask, fillEllipse, fillPolygon, type Mask } from './pixels.ts';

/** MediaPipe face-mesh silhouette, clockwise from the top of the forehead. */
export const FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109] as const;

/** Andrew's monotone chain; returns the hull counter-clockwise in image coordinates. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Point, a: Point, b: Point): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** The outline of the face (forehead to chin) in the face's pixel space. */
export function faceOutline(face: FaceGeometry): Point[] {
  if (face.mesh && face.mesh.length >= 468 * 3) return convexHull(FACE_OVAL.map((i) => meshPoint(face.mesh!, i)));
  const pts = Object.values(face.points) as Point[];
  const up: Point = [(face.eyeMid[0] - face.chin[0]) / face.t, (face.eyeMid[1] - face.chin[1]) / face.t];
  const lift = face.t / 3;
  const brows = (['left_eye_brow_left', 'left_eye_brow_up', 'left_eye_brow_right', 'right_eye_brow_left', 'right_eye_brow_up', 'right_eye_brow_right'] as const)
    .map((n) => face.points[n])
    .filter((p): p is Point => p !== undefined);
  const forehead = brows.map((p): Point => [p[0] + up[0] * lift, p[1] + up[1] * lift]);
  return convexHull([...pts, ...forehead, face.chin]);
}

export function faceRegion(crop: FaceCrop): Mask {
  return andMask(fillPolygon(emptyMask(crop.size, crop.size), faceOutline(crop.face)), crop.inside);
}

/** Eyes, brows, nostrils and mouth: the parts of the face that are not bare skin. */
export function featureRegion(crop: FaceCrop): Mask {
  const { face, size } = crop;
  const mask = emptyMask(size, size);
  const angle = Math.atan2(face.rightEye[1] - face.leftEye[1], face.rightEye[0] - face.leftEye[0]);
  const d = face.ied;
  for (const eye of [face.leftEye, face.rightEye]) fillEllipse(mask, eye[0], eye[1], 0.36 * d, 0.22 * d, angle);
  const brows: [Point | undefined, Point | undefined, Point | undefined][] = [
    [face.points.left_eye_brow_left, face.points.left_eye_brow_up, face.points.left_eye_brow_right],
    [face.points.right_eye_brow_left, face.points.right_eye_brow_up, face.points.right_eye_brow_right],
  ];
  for (const [a, b, c] of brows) {
    if (!a || !c) continue;
    const mid = b ?? [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2];
    fillEllipse(mask, mid[0], mid[1] + 0.02 * d, Math.hypot(c[0] - a[0], c[1] - a[1]) / 2 + 0.08 * d, 0.13 * d, Math.atan2(c[1] - a[1], c[0] - a[0]));
  }
  const nose = face.points.nose;
  if (nose) fillEllipse(mask, nose[0], nose[1] + 0.06 * d, 0.32 * d, 0.16 * d, angle);
  const ml = face.points.mouth_left;
  const mr = face.points.mouth_right;
  const mouthHalf = ml && mr ? Math.hypot(mr[0] - ml[0], mr[1] - ml[1]) / 2 : 0.4 * d;
  fillEllipse(mask, face.mouth[0], face.mouth[1], mouthHalf + 0.1 * d, 0.24 * d, angle);
  return mask;
}

/** Bare skin: the face region without its features. */
export function skinRegion(crop: FaceCrop, face: Mask = faceRegion(crop)): Mask {
  return andNotMask(face, featureRegion(crop));
}

/**
 * Skin well inside the face outline (eroded by 8 % of the inter-eye
 * distance): where hair, the jaw line and the background's edge cannot
 * reach, for measures that read fine structure (noise, strokes).
 */
export function innerSkinRegion(crop: FaceCrop, face: Mask = faceRegion(crop)): Mask {
  return andMask(skinRegion(crop, face), erodeMask(face, Math.round(0.08 * crop.face.ied)));
}
