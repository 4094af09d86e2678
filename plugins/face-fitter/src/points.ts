/**
 * The contract's 21 named points from the 468-point mesh. Each point is the
 * mean of the listed mesh vertices (MediaPipe's canonical face topology).
 * "left" and "right" are as seen in the picture: left_eye is the subject's
 * right eye. The vertices were chosen among the anatomically matching ones
 * as those closest to the corresponding iBUG-68 points predicted by
 * face-api's 68-point landmark net on 133 faces that are not eval data (see
 * the README for the table). Eye centres average the six eye-contour points
 * of the iBUG eye; mouth is the middle of the inner lips; ear bottoms are
 * the face-oval vertices at the ear lobes.
 */
import type { Landmarks, LandmarkName, Point } from '@facelab/core';

export const MESH_TO_POINTS: Readonly<Record<LandmarkName, readonly number[]>> = Object.freeze({
  left_eye_brow_left: [70],
  left_eye_brow_up: [105],
  left_eye_brow_right: [107],
  right_eye_brow_left: [336],
  right_eye_brow_up: [334],
  right_eye_brow_right: [300],
  left_eye_left: [33, 246],
  left_eye: [33, 160, 158, 133, 153, 144],
  left_eye_right: [133, 173],
  right_eye_left: [362, 398],
  right_eye: [362, 385, 387, 263, 373, 380],
  right_eye_right: [263, 466],
  left_ear_bottom: [93],
  nose_left: [75],
  nose: [4],
  nose_right: [305],
  right_ear_bottom: [323],
  mouth_left: [61],
  mouth: [13, 14],
  mouth_right: [291],
  chin: [175],
});

/** The 21 points, normalised, from a mesh in picture pixels. */
export function meshPoints(mesh: Float32Array, width: number, height: number): Landmarks['points'] {
  const points: Landmarks['points'] = {};
  for (const [name, indices] of Object.entries(MESH_TO_POINTS) as [LandmarkName, readonly number[]][]) {
    let x = 0;
    let y = 0;
    for (const i of indices) {
      x += mesh[i * 3];
      y += mesh[i * 3 + 1];
    }
    points[name] = [x / indices.length / width, y / indices.length / height] as Point;
  }
  return points;
}
