/**
 * The canonical frame of a face: the box this project's face detector
 * would draw around it, and its eye line, predicted from the face's named
 * points rather than taken from whatever box a client sent. Attribute
 * models crop from this frame the way they were trained (each with its own
 * margin), so a tight, loose or shifted client box gives the same crop.
 *
 * The frame lives in the face's own axes: origin between the eyes, x along
 * the eye line, y towards the mouth, unit = the eye-to-mouth distance
 * measured along y (it hardly changes as the head turns left or right).
 * The constants were fitted on training pictures (the detector's box
 * against the fitter's points; plugins/age-estimator/train/frame-data.ts),
 * never on eval data.
 */
import type { BBox, Landmarks, Point } from '../sample.ts';

export interface FaceFrame {
  /** Normalised [x1, y1, x2, y2], axis-aligned. */
  box: BBox;
  /** Normalised image-left then image-right eye, for levelling (absent when the face could not be located). */
  eyes?: [Point, Point];
}

/**
 * Box centre below the eye midpoint, and box width and height, in
 * eye-to-mouth units: medians over 452 training faces (235 UTKFace, 217
 * FER-2013) of the detector's box against the fitter's points. The
 * detector's own box varies about 9% around these (median deviation).
 */
export const FRAME_CALIBRATION = Object.freeze({ centreDown: 0.32, width: 1.64, height: 1.88 });

/**
 * The frame from the named points (normalised, on a `width` x `height`
 * picture); undefined when an eye or the mouth is missing or the points
 * are degenerate (eyes and mouth on one line).
 */
export function frameFromPoints(points: Landmarks['points'], width: number, height: number): FaceFrame | undefined {
  const left = points.left_eye;
  const right = points.right_eye;
  const mouth = points.mouth ?? (points.mouth_left && points.mouth_right ? mid(points.mouth_left, points.mouth_right) : undefined);
  if (!left || !right || !mouth) return undefined;
  const lx = left[0] * width;
  const ly = left[1] * height;
  const rx = right[0] * width;
  const ry = right[1] * height;
  const ex = (lx + rx) / 2;
  const ey = (ly + ry) / 2;
  const eyeDistance = Math.hypot(rx - lx, ry - ly);
  // The eye line's direction; on a face seen edge-on (eyes together), upright.
  const [ux, uy] = eyeDistance > 0 ? [(rx - lx) / eyeDistance, (ry - ly) / eyeDistance] : [1, 0];
  // Down the face: perpendicular to the eye line.
  const vx = -uy;
  const vy = ux;
  const unit = (mouth[0] * width - ex) * vx + (mouth[1] * height - ey) * vy;
  if (!(unit > 0)) return undefined;
  const { centreDown, width: bw, height: bh } = FRAME_CALIBRATION;
  const cx = ex + vx * centreDown * unit;
  const cy = ey + vy * centreDown * unit;
  const halfW = (bw * unit) / 2;
  const halfH = (bh * unit) / 2;
  return {
    box: [(cx - halfW) / width, (cy - halfH) / height, (cx + halfW) / width, (cy + halfH) / height],
    eyes: [left, right],
  };
}

function mid(a: Point, b: Point): Point {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
