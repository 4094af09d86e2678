/**
 * The 21 named face points of the contract, in the order of the v2 names on
 * the page; the v1 flat keypoint array uses the same order. "left" and
 * "right" are as seen in the picture: left_eye has the smaller x on a frontal
 * face (the subject's right eye).
 */
export const LANDMARK_NAMES = [
  'left_eye_brow_left',
  'left_eye_brow_up',
  'left_eye_brow_right',
  'right_eye_brow_left',
  'right_eye_brow_up',
  'right_eye_brow_right',
  'left_eye_left',
  'left_eye',
  'left_eye_right',
  'right_eye_left',
  'right_eye',
  'right_eye_right',
  'left_ear_bottom',
  'nose_left',
  'nose',
  'nose_right',
  'right_ear_bottom',
  'mouth_left',
  'mouth',
  'mouth_right',
  'chin',
] as const;

export type LandmarkName = (typeof LANDMARK_NAMES)[number];

export function isLandmarkName(name: string): name is LandmarkName {
  return (LANDMARK_NAMES as readonly string[]).includes(name);
}
