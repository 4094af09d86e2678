/**
 * Head pose from the 3D mesh, in degrees, in a right-handed camera frame
 * (x to the picture's right, y up, z towards the viewer), for a picture
 * that is not mirrored:
 *
 * - yaw > 0: the face turns to the subject's own left (the nose moves to
 *   the picture's right);
 * - pitch > 0: the face looks down;
 * - roll > 0: the head tilts counter-clockwise on screen (the picture-right
 *   eye is higher, the head leans toward the subject's right shoulder).
 *
 * Mirroring a picture negates yaw and roll; rotating it counter-clockwise
 * by a degrees adds a to roll. The face's axes come from symmetric point
 * pairs (left to right) and midline spans (forehead to chin); pose is
 * yaw, then pitch, then roll (R = Ry(yaw) Rx(pitch) Rz(roll)).
 */
import type { Pose } from '@facelab/core';

/** Mirror pairs, picture-left vertex then picture-right vertex on a frontal face. */
const PAIRS: readonly [number, number][] = [
  [234, 454], [127, 356], [93, 323], [132, 361], [58, 288], [172, 397],
  [33, 263], [133, 362], [70, 300], [105, 334], [107, 336], [61, 291],
];
/** Midline spans, upper vertex then lower vertex. */
const SPANS: readonly [number, number][] = [[10, 152], [151, 175], [9, 200]];

type Vec = [number, number, number];

/**
 * Pose of a mesh in picture pixels (x right, y down, z away from the
 * camera). `pitchOffset` is the pitch the axes read on a frontal face.
 */
export function meshPose(mesh: Float32Array, pitchOffset: number): Pose {
  const x = normalize(sumOf(PAIRS, mesh));
  const yRaw = normalize(sumOf(SPANS, mesh));
  const z = normalize(cross(x, yRaw));
  // The face's axes in the y-up, z-to-viewer frame: flip y and z of each.
  const right: Vec = [x[0], -x[1], -x[2]];
  const forward: Vec = [-z[0], z[1], z[2]];
  const yaw = Math.atan2(forward[0], forward[2]);
  const pitch = Math.asin(clamp(-forward[1]));
  // Undo yaw then pitch on the face's right axis; what is left is roll.
  const r1 = rotateY(right, -yaw);
  const r2 = rotateX(r1, -pitch);
  const roll = Math.atan2(r2[1], r2[0]);
  return { yaw: degrees(yaw), pitch: degrees(pitch) - pitchOffset, roll: degrees(roll) };
}

function sumOf(pairs: readonly [number, number][], m: Float32Array): Vec {
  const s: Vec = [0, 0, 0];
  for (const [a, b] of pairs) for (let k = 0; k < 3; k++) s[k] += m[b * 3 + k] - m[a * 3 + k];
  return s;
}

function normalize(v: Vec): Vec {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

function cross(a: Vec, b: Vec): Vec {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function rotateY(v: Vec, t: number): Vec {
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [c * v[0] + s * v[2], v[1], -s * v[0] + c * v[2]];
}

function rotateX(v: Vec, t: number): Vec {
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]];
}

function clamp(v: number): number {
  return Math.max(-1, Math.min(1, v));
}

function degrees(r: number): number {
  return (r * 180) / Math.PI;
}
