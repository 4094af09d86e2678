/**
 * Where the liveness unit looks. A face's frame is set by its landmarks:
 * centre halfway between the eye centre and the mouth, scale the
 * eye-to-mouth distance `d`, roll from the eye line. Two square crops come
 * from it:
 *
 * - the model crop (side 2.0 d): about the tight OpenCV-SSD face box the
 *   `liveness` model's upstream data used. Measured on the PyImageSearch-style
 *   replay crops of ../shared/train/liveness, the crop side is 1.8 d to
 *   2.6 d (median about 2.1 d).
 * - the cue crop (side 1.5 d): the inside of the face, brows to chin and
 *   cheek to cheek, so the texture cues see skin rather than background.
 *
 * Without eyes and mouth among the landmarks, the bbox sets the frame.
 */
import { rotatedSquareAffine, type Affine, type SampleObject } from '@facelab/core';

export interface FaceFrame {
  /** Centre in picture pixels. */
  cx: number;
  cy: number;
  /** Eye-centre to mouth distance in pixels. */
  d: number;
  /** Roll in radians (the crop's x axis in the picture). */
  angle: number;
}

export const MODEL_CROP = 2.0;
export const CUE_CROP = 1.5;
/** A detector box's longer side in eye-to-mouth distances (median 2.26 over the training crops' BlazeFace boxes). */
const BOX_TO_D = 2.2;

/** The frame of a face object on a `width` x `height` picture; undefined without usable landmarks or box. */
export function faceFrame(object: SampleObject, width: number, height: number): FaceFrame | undefined {
  const p = object.landmarks?.points;
  const mouth = p?.mouth ?? (p?.mouth_left && p?.mouth_right ? mid(p.mouth_left, p.mouth_right) : undefined);
  if (p?.left_eye && p?.right_eye && mouth) {
    const ex = ((p.left_eye[0] + p.right_eye[0]) / 2) * width;
    const ey = ((p.left_eye[1] + p.right_eye[1]) / 2) * height;
    const mx = mouth[0] * width;
    const my = mouth[1] * height;
    const d = Math.hypot(mx - ex, my - ey);
    if (d > 1) {
      const angle = Math.atan2((p.right_eye[1] - p.left_eye[1]) * height, (p.right_eye[0] - p.left_eye[0]) * width);
      return { cx: (ex + mx) / 2, cy: (ey + my) / 2, d, angle };
    }
  }
  const box = object.bbox;
  if (!box) return undefined;
  const w = (box[2] - box[0]) * width;
  const h = (box[3] - box[1]) * height;
  if (!(w > 1 && h > 1)) return undefined;
  return { cx: ((box[0] + box[2]) / 2) * width, cy: ((box[1] + box[3]) / 2) * height, d: Math.max(w, h) / BOX_TO_D, angle: 0 };
}

/** The affine map from a `size` x `size` crop of side `scale * d` to picture pixels. */
export function frameAffine(frame: FaceFrame, scale: number, size: number): Affine {
  return rotatedSquareAffine(frame.cx, frame.cy, frame.d * scale, frame.angle, size);
}

function mid(a: [number, number], b: [number, number]): [number, number] {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
