/**
 * Margins and eye distance: how the head is framed in the picture and at
 * what resolution, in source pixels.
 *
 * Eye distance follows ISO/IEC 29794-5 and OFIQ: the distance between the
 * eye centres (the midpoints of each eye's corners), divided by cos(yaw)
 * when the pose is known so a turned head is credited with its frontal
 * resolution (yaw capped at 60 degrees).
 *
 * Margins are our own measure, in the spirit of the ICAO 9303 / ISO/IEC
 * 39794-5 portrait geometry (head 70-80 % of the picture's height, 50-75 %
 * of its width): the head box spans from the chin to a crown 1.05 T above
 * the eyes (T = eyes' midpoint to chin, OFIQ's reference length) and 2.4 IED
 * wide about the eyes' midpoint. Each side of the picture must leave a
 * margin between a minimum and a maximum: top 0.05-0.3 of the head's
 * length, bottom 0.1-0.5 of it (chin to shoulders), left and right 0.15-0.5
 * of the head's width. marginOuterDeviation is the largest shortfall below
 * a minimum, in pixels (the head is too close to or past a border: the
 * picture would have to grow outwards); marginInnerDeviation is the largest
 * excess over a maximum (too much room: the picture would have to be
 * cropped inwards). Both are 0 for a well-framed portrait.
 */
import type { FaceGeometry } from '../face.ts';

const CROWN_PER_T = 1.05;
const WIDTH_PER_IED = 2.4;
const MAX_YAW = 60;

export const MARGIN_BOUNDS = {
  top: [0.05, 0.3],
  bottom: [0.1, 0.5],
  side: [0.15, 0.5],
} as const;

/** OFIQ's inter-eye distance in pixels (yaw-corrected when the pose is known). */
export function eyeDistance(face: FaceGeometry): number {
  const yaw = face.pose?.yaw;
  if (yaw === undefined || !Number.isFinite(yaw)) return face.ied;
  return face.ied / Math.cos((Math.min(MAX_YAW, Math.abs(yaw)) * Math.PI) / 180);
}

export interface MarginDeviation {
  outer: number;
  inner: number;
  /** Margins of the head box to each border in pixels (negative when the head crosses it). */
  margins: { left: number; right: number; top: number; bottom: number };
}

export function marginDeviation(face: FaceGeometry, width: number, height: number): MarginDeviation {
  const up: [number, number] = [(face.eyeMid[0] - face.chin[0]) / face.t, (face.eyeMid[1] - face.chin[1]) / face.t];
  const along: [number, number] = [(face.rightEye[0] - face.leftEye[0]) / face.ied, (face.rightEye[1] - face.leftEye[1]) / face.ied];
  const crown: [number, number] = [face.eyeMid[0] + up[0] * CROWN_PER_T * face.t, face.eyeMid[1] + up[1] * CROWN_PER_T * face.t];
  const half = (WIDTH_PER_IED * face.ied) / 2;
  const corners = [crown, face.chin].flatMap((p) => [
    [p[0] - along[0] * half, p[1] - along[1] * half],
    [p[0] + along[0] * half, p[1] + along[1] * half],
  ]);
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  const headLength = box.y1 - box.y0;
  const headWidth = box.x1 - box.x0;
  const margins = { left: box.x0, right: width - box.x1, top: box.y0, bottom: height - box.y1 };
  const sides: [number, readonly [number, number], number][] = [
    [margins.left, MARGIN_BOUNDS.side, headWidth],
    [margins.right, MARGIN_BOUNDS.side, headWidth],
    [margins.top, MARGIN_BOUNDS.top, headLength],
    [margins.bottom, MARGIN_BOUNDS.bottom, headLength],
  ];
  let outer = 0;
  let inner = 0;
  for (const [margin, [lo, hi], size] of sides) {
    outer = Math.max(outer, lo * size - margin);
    inner = Math.max(inner, margin - hi * size);
  }
  return { outer, inner, margins };
}
