/**
 * Rotation: the head pose's largest deviation from frontal. The pose comes
 * from the `fit` unit (or the client's `pose`/`angles`); the measure keeps
 * the signed angle with the largest magnitude (so -8 means 8 degrees, in the
 * negative direction of whichever axis is worst), and the acceptance test
 * checks each axis against its own limit (see thresholds.ts). For the total
 * score each axis is scaled as OFIQ's head-pose measures are (ISO/IEC
 * 29794-5): cos^2 of the angle, taking the worst axis.
 *
 * Without a pose (a sample that carries landmarks only), roll is the angle
 * of the eye line and yaw is estimated from how far the nose tip sits off
 * the eyes' midpoint along the eye line: yaw = atan(offset / (1.3 x IED)),
 * a depth ratio of our own, fitted on the face-api sample photos against
 * the mesh's pose. Pitch cannot be read from 2D
 * points reliably and is then left out.
 */
import type { Pose } from '@facelab/core';
import type { FaceGeometry } from '../face.ts';

export interface Rotation {
  yaw?: number;
  pitch?: number;
  roll: number;
  source: 'pose' | 'landmarks';
}

const DEG = 180 / Math.PI;
/** Nose-tip depth in front of the eye line, as a multiple of the frontal inter-eye distance (our own anthropometric guess). */
const NOSE_DEPTH = 1.3;

export function rotationOf(face: FaceGeometry): Rotation {
  const pose: Pose | undefined = face.pose;
  if (pose && [pose.yaw, pose.pitch, pose.roll].every(Number.isFinite)) return { ...pose, source: 'pose' };
  const dx = face.rightEye[0] - face.leftEye[0];
  const dy = face.rightEye[1] - face.leftEye[1];
  const roll = Math.atan2(dy, dx) * DEG;
  const nose = face.points.nose;
  let yaw: number | undefined;
  if (nose) {
    // Offset of the nose tip from the eyes' midpoint, along the eye line (towards the image-right eye).
    const offset = ((nose[0] - face.eyeMid[0]) * dx + (nose[1] - face.eyeMid[1]) * dy) / face.ied;
    // A face turned towards the image left (positive yaw) moves its nose tip to the left.
    yaw = -Math.atan(offset / (NOSE_DEPTH * face.ied)) * DEG;
  }
  return { yaw, roll, source: 'landmarks' };
}

/** The signed angle whose magnitude is largest (degrees). */
export function maxDeviation(rotation: Rotation): number {
  let best = rotation.roll;
  for (const a of [rotation.yaw, rotation.pitch]) if (a !== undefined && Math.abs(a) > Math.abs(best)) best = a;
  return best;
}

/** OFIQ's head-pose quality of the worst axis: min cos^2(angle). */
export function poseQuality(rotation: Rotation): number {
  let q = 1;
  for (const a of [rotation.yaw, rotation.pitch, rotation.roll]) if (a !== undefined) q = Math.min(q, Math.cos(a / DEG) ** 2);
  return q;
}
