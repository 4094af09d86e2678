/**
 * Eye openness, per eye ("left" is the eye with the smaller x, as in the
 * contract).
 *
 * With the fitter's mesh (process/image, or any request that ran `fit`),
 * it follows ISO/IEC 29794-5 and OFIQ: the largest distance between facing
 * upper- and lower-eyelid points, divided by the T metric (eyes' midpoint to
 * chin), mapped with OFIQ's sigmoid, centre 0.02 and width 0.01. OFIQ takes
 * the smaller of the two eyes for one value; we keep one per eye. The
 * eyelid pairs are MediaPipe face-mesh indices in place of OFIQ's 98-point
 * (WFLW) ones.
 *
 * Without a mesh (process/sample with only the 21 contract points, which
 * carry eye corners but no eyelids), the fallback is our own iris-visibility
 * test on pixels: in a band a fifth of the eye's width either side of the
 * eye centre, the tallest run of rows that are mostly darker than halfway
 * between the skin just below the eye and the darkest 5 % of the eye's
 * window is the visible iris and pupil (no such contrast: no iris); its height over the
 * eye's width (about 0.35 open, under 0.12 closed) is mapped with a sigmoid
 * centred at 0.2, width 0.04. Heavy dark eye make-up, deep shadow and
 * tinted glasses fool it; it is the weaker of the two.
 */
import type { Point } from '@facelab/core';
import { distance, meshPoint, type FaceGeometry } from '../face.ts';
import { logistic, quantile, type Plane } from '../pixels.ts';

/** Facing upper/lower eyelid points of the image-left eye (the subject's right). */
const LEFT_EYE_PAIRS = [[161, 163], [160, 144], [159, 145], [158, 153], [157, 154]] as const;
/** Facing upper/lower eyelid points of the image-right eye. */
const RIGHT_EYE_PAIRS = [[388, 390], [387, 373], [386, 374], [385, 380], [384, 381]] as const;

export interface EyeOpenness {
  /** Raw value: eyelid opening / T (mesh) or iris height / eye width (pixels). */
  raw: number;
  score: number;
  method: 'mesh' | 'pixels';
}

/** OFIQ's eyes-open sigmoid of opening / T, 0..1. */
export function meshOpennessScore(ratio: number): number {
  return logistic((ratio - 0.02) / 0.01);
}

export function pixelOpennessScore(ratio: number): number {
  return logistic((ratio - 0.2) / 0.04);
}

/** Largest eyelid opening over T for each eye, from the mesh; undefined without a 468-point mesh. */
export function meshEyeOpenings(face: FaceGeometry): [number, number] | undefined {
  const mesh = face.mesh;
  if (!mesh || mesh.length < 468 * 3) return undefined;
  const opening = (pairs: readonly (readonly [number, number])[]): number =>
    Math.max(...pairs.map(([a, b]) => distance(meshPoint(mesh, a), meshPoint(mesh, b)))) / face.t;
  return [opening(LEFT_EYE_PAIRS), opening(RIGHT_EYE_PAIRS)];
}

/**
 * Visible iris height over eye width for the eye centred at `centre`, from
 * luma pixels; `corners` are the eye's two corners when known.
 */
export function irisVisibility(luma: Plane, face: FaceGeometry, centre: Point, corners: [Point | undefined, Point | undefined]): number {
  const [a, b] = corners;
  const w = a && b ? distance(a, b) : 0.45 * face.ied;
  const angle = Math.atan2(face.rightEye[1] - face.leftEye[1], face.rightEye[0] - face.leftEye[0]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const at = (u: number, v: number): number => {
    const x = Math.round(centre[0] + u * cos - v * sin - 0.5);
    const y = Math.round(centre[1] + u * sin + v * cos - 0.5);
    if (x < 0 || y < 0 || x >= luma.width || y >= luma.height) return Number.NaN;
    return luma.data[y * luma.width + x];
  };
  const skin: number[] = [];
  for (let v = 0.5 * w; v <= 0.8 * w; v += 1) for (let u = -0.4 * w; u <= 0.4 * w; u += 1) {
    const s = at(u, v);
    if (Number.isFinite(s)) skin.push(s);
  }
  const window: number[] = [];
  for (let v = -0.45 * w; v <= 0.45 * w; v += 1) for (let u = -0.5 * w; u <= 0.5 * w; u += 1) {
    const s = at(u, v);
    if (Number.isFinite(s)) window.push(s);
  }
  if (skin.length === 0 || window.length === 0) return Number.NaN;
  // Halfway between the skin and the darkest tenth of the eye window: follows contrast and exposure.
  const skinLevel = quantile(Float32Array.from(skin), 0.5);
  const darkest = quantile(Float32Array.from(window), 0.05);
  if (skinLevel - darkest < 12) return 0;
  const dark = darkest + 0.5 * (skinLevel - darkest);
  const band = 0.2 * w;
  let best = 0;
  let run = 0;
  for (let v = -0.45 * w; v <= 0.45 * w; v += 1) {
    let n = 0;
    let darkCount = 0;
    for (let u = -band; u <= band; u += 1) {
      const s = at(u, v);
      if (!Number.isFinite(s)) continue;
      n++;
      if (s < dark) darkCount++;
    }
    run = n > 0 && darkCount >= 0.5 * n ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best / w;
}

/** Openness of both eyes (image-left first): mesh when present, pixels otherwise. */
export function eyeOpenness(face: FaceGeometry, luma: Plane): [EyeOpenness, EyeOpenness] {
  const mesh = meshEyeOpenings(face);
  if (mesh) return [mesh[0], mesh[1]].map((raw) => ({ raw, score: meshOpennessScore(raw), method: 'mesh' as const })) as [EyeOpenness, EyeOpenness];
  const p = face.points;
  const left = irisVisibility(luma, face, face.leftEye, [p.left_eye_left, p.left_eye_right]);
  const right = irisVisibility(luma, face, face.rightEye, [p.right_eye_left, p.right_eye_right]);
  return [left, right].map((raw) => ({ raw, score: Number.isFinite(raw) ? pixelOpennessScore(raw) : 0, method: 'pixels' as const })) as [EyeOpenness, EyeOpenness];
}
