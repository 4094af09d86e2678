/**
 * Eye openness, per eye ("left" is the eye with the smaller x, as in the
 * contract).
 *
 * With the fitter's mesh (process/image, or any request that ran `fit`),
 * the eyelid geometry follows ISO/IEC 29794-5 and OFIQ: the largest
 * distance between facing upper- and lower-eyelid points, divided by the T
 * metric (eyes' midpoint to chin), mapped with OFIQ's sigmoid, centre 0.02
 * and width 0.01 (OFIQ takes the smaller eye for one value; we keep one per
 * eye; the eyelid pairs are MediaPipe face-mesh indices in place of OFIQ's
 * 98-point ones). A mesh model draws eyelids partly from its prior of a face,
 * so a lid painted shut over an open eye still reads open; our own addition
 * checks the pixels inside the eyelid contour, over the middle 60 % of the
 * eye's width, for an iris: the share of them darker than halfway between
 * the skin just below the eye and the darkest 5 % of the eye (no such
 * contrast: no iris), mapped with a sigmoid centred at 0.16 (width 0.03);
 * open eyes on the face-api photos read 0.2-1, except the far eye of a face
 * turned 30 degrees or more, which can read 0.
 * Score = eyelid score x iris score.
 *
 * Without a mesh (process/sample with only the 21 contract points, which
 * carry eye corners but no eyelids), the fallback is that iris test alone,
 * in a box around the eye: the tallest run of rows, in a band a fifth of
 * the eye's width either side of its centre, that are mostly dark by the
 * same rule, over the eye's width (about 0.35 open, under 0.12 closed),
 * mapped with a sigmoid centred at 0.2, width 0.04. Heavy dark eye make-up,
 * deep shadow and tinted glasses fool the pixel tests.
 */
import type { Point } from '@facelab/core';
import { distance, meshPoint, type FaceGeometry } from '../face.ts';
import { emptyMask, fillPolygon, logistic, quantile, type Plane } from '../pixels.ts';

/** Eyelid contours, corner to corner over the upper lid and back under the lower one. */
const LEFT_EYE_CONTOUR = [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7] as const;
const RIGHT_EYE_CONTOUR = [362, 398, 384, 385, 386, 387, 388, 466, 263, 249, 390, 373, 374, 380, 381, 382] as const;

/** Facing upper/lower eyelid points of the image-left eye (the subject's right). */
const LEFT_EYE_PAIRS = [[161, 163], [160, 144], [159, 145], [158, 153], [157, 154]] as const;
/** Facing upper/lower eyelid points of the image-right eye. */
const RIGHT_EYE_PAIRS = [[388, 390], [387, 373], [386, 374], [385, 380], [384, 381]] as const;

export interface EyeOpenness {
  /** Raw value: eyelid opening / T (mesh) or iris height / eye width (pixels). */
  raw: number;
  /** With a mesh: share of dark (iris) pixels inside the eyelid contour. */
  iris?: number;
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

type Sampler = (u: number, v: number) => number;

/** Luma at eye-frame coordinates: u along the eye line, v down from `centre`; NaN outside the crop. */
function eyeSampler(luma: Plane, face: FaceGeometry, centre: Point): Sampler {
  const angle = Math.atan2(face.rightEye[1] - face.leftEye[1], face.rightEye[0] - face.leftEye[0]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return (u, v) => {
    const x = Math.round(centre[0] + u * cos - v * sin - 0.5);
    const y = Math.round(centre[1] + u * sin + v * cos - 0.5);
    if (x < 0 || y < 0 || x >= luma.width || y >= luma.height) return Number.NaN;
    return luma.data[y * luma.width + x];
  };
}

/** The "dark" level of an eye: halfway between the skin below it and the darkest 5 % of `eye`; NaN when there is no such contrast. */
function darkLevel(at: Sampler, w: number, eye: number[]): number {
  const skin: number[] = [];
  for (let v = 0.5 * w; v <= 0.8 * w; v += 1) for (let u = -0.4 * w; u <= 0.4 * w; u += 1) {
    const s = at(u, v);
    if (Number.isFinite(s)) skin.push(s);
  }
  if (skin.length === 0 || eye.length === 0) return Number.NaN;
  const skinLevel = quantile(Float32Array.from(skin), 0.5);
  const darkest = quantile(Float32Array.from(eye), 0.05);
  return skinLevel - darkest < 12 ? Number.NaN : darkest + 0.5 * (skinLevel - darkest);
}

/**
 * Visible iris height over eye width for the eye centred at `centre`, from
 * luma pixels; `corners` are the eye's two corners when known.
 */
export function irisVisibility(luma: Plane, face: FaceGeometry, centre: Point, corners: [Point | undefined, Point | undefined]): number {
  const [a, b] = corners;
  const w = a && b ? distance(a, b) : 0.45 * face.ied;
  const at = eyeSampler(luma, face, centre);
  const window: number[] = [];
  for (let v = -0.45 * w; v <= 0.45 * w; v += 1) for (let u = -0.5 * w; u <= 0.5 * w; u += 1) {
    const s = at(u, v);
    if (Number.isFinite(s)) window.push(s);
  }
  const dark = darkLevel(at, w, window);
  if (!Number.isFinite(dark)) return 0;
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

/**
 * Share of the pixels inside an eyelid contour (mesh indices), over the
 * middle 60 % of the corner-to-corner span where the iris sits (lashes and
 * shadow gather at the corners), that are dark by the rule of darkLevel.
 */
export function darkShareInContour(luma: Plane, face: FaceGeometry, contour: readonly number[]): number {
  const mesh = face.mesh!;
  const polygon = contour.map((i) => meshPoint(mesh, i));
  const cornerA = polygon[0];
  const cornerB = polygon[contour.length / 2];
  const width = distance(cornerA, cornerB);
  if (width < 1) return 0;
  const axis: Point = [(cornerB[0] - cornerA[0]) / width, (cornerB[1] - cornerA[1]) / width];
  const inner = fillPolygon(emptyMask(luma.width, luma.height), polygon);
  const values: number[] = [];
  for (let i = 0; i < inner.data.length; i++) {
    if (!inner.data[i]) continue;
    const x = (i % luma.width) + 0.5;
    const y = Math.floor(i / luma.width) + 0.5;
    const along = ((x - cornerA[0]) * axis[0] + (y - cornerA[1]) * axis[1]) / width;
    if (along >= 0.2 && along <= 0.8) values.push(luma.data[i]);
  }
  if (values.length === 0) return 0;
  const centre: Point = [(cornerA[0] + cornerB[0]) / 2, (cornerA[1] + cornerB[1]) / 2];
  const dark = darkLevel(eyeSampler(luma, face, centre), width, values);
  if (!Number.isFinite(dark)) return 0;
  return values.filter((v) => v < dark).length / values.length;
}

export function irisShareScore(share: number): number {
  return logistic((share - 0.16) / 0.03);
}

/** Openness of both eyes (image-left first): mesh when present, pixels otherwise. */
export function eyeOpenness(face: FaceGeometry, luma: Plane): [EyeOpenness, EyeOpenness] {
  const mesh = meshEyeOpenings(face);
  if (mesh) {
    return ([[mesh[0], LEFT_EYE_CONTOUR], [mesh[1], RIGHT_EYE_CONTOUR]] as const).map(([raw, contour]) => {
      const iris = darkShareInContour(luma, face, contour);
      return { raw, iris, score: meshOpennessScore(raw) * irisShareScore(iris), method: 'mesh' as const };
    }) as [EyeOpenness, EyeOpenness];
  }
  const p = face.points;
  const left = irisVisibility(luma, face, face.leftEye, [p.left_eye_left, p.left_eye_right]);
  const right = irisVisibility(luma, face, face.rightEye, [p.right_eye_left, p.right_eye_right]);
  return [left, right].map((raw) => ({ raw, score: Number.isFinite(raw) ? pixelOpennessScore(raw) : 0, method: 'pixels' as const })) as [EyeOpenness, EyeOpenness];
}
