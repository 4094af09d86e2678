/**
 * The face crop every pixel measure reads. Like OFIQ (ISO/IEC 29794-5), the
 * face is aligned by a similarity transform that sends its eye centres,
 * nose tip and mouth corners onto fixed points of a 616 x 616 canonical
 * frame (inter-eye distance 113 units). The crop samples that frame at
 * `resolution` pixels per unit: 0.5 (a 308-pixel crop, inter-eye distance
 * about 56 px) for faces at least that large, the face's own resolution for
 * smaller ones, so a small face is never blown up and then judged blurry.
 * Measures that OFIQ defines at full canonical scale (the illumination
 * zones) warp their own small regions with `warpCanonical`; measures that
 * look for fine shapes of a set size (strokes, irises, lips) read a crop at
 * MAX_RESOLUTION even for a smaller face, so a face's own features are
 * always the same number of pixels to them.
 */
import { invertAffine, similarityTransform, warpToImage, type Affine, type LandmarkName, type Point, type RawImage } from '@facelab/core';
import type { FaceGeometry } from './face.ts';
import { emptyMask, lumaPlane, luminancePlane, type Mask, type Plane } from './pixels.ts';

export const CANONICAL_SIZE = 616;
/** OFIQ's reference points in the 616 frame: eye centres, nose tip, mouth corners (image-left first). */
const REFERENCE = {
  leftEye: [251, 272],
  rightEye: [364, 272],
  nose: [308, 336],
  mouthLeft: [262, 402],
  mouthRight: [355, 402],
} as const satisfies Record<string, Point>;

/** Largest crop resolution (pixels per canonical unit). */
export const MAX_RESOLUTION = 0.5;

export interface FaceCrop {
  /** Side of the square crop in pixels. */
  size: number;
  rgb: Uint8Array;
  luma: Plane;
  luminance: Plane;
  /** Pixels that came from inside the picture (the rest read as black). */
  inside: Mask;
  /** Crop pixels per canonical unit. */
  resolution: number;
  /** Crop pixels per source pixel. */
  scale: number;
  /** Source pixels to canonical units. */
  toCanonical: Affine;
  /** The face geometry re-expressed in crop pixels. */
  face: FaceGeometry;
}

/** Maps a point through [a, b, c, d, e, f]: (a x + b y + c, d x + e y + f). */
export function mapPoint(m: Affine, p: Point): Point {
  return [m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]];
}

function scaleAffine(m: Affine, s: number): Affine {
  return [m[0] * s, m[1] * s, m[2] * s, m[3] * s, m[4] * s, m[5] * s];
}

/** Source-to-canonical similarity from the points the face has (at least its eyes). */
export function canonicalTransform(face: FaceGeometry): Affine {
  const from: Point[] = [face.leftEye, face.rightEye];
  const to: Point[] = [REFERENCE.leftEye, REFERENCE.rightEye];
  const extra: [LandmarkName, Point][] = [
    ['nose', REFERENCE.nose],
    ['mouth_left', REFERENCE.mouthLeft],
    ['mouth_right', REFERENCE.mouthRight],
  ];
  for (const [name, ref] of extra) {
    const p = face.points[name];
    if (p) {
      from.push(p);
      to.push(ref);
    }
  }
  return similarityTransform(from, to);
}

/** Canonical units per source pixel of a similarity. */
export function affineScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}

/**
 * The face's crop at `resolution` pixels per canonical unit; by default
 * MAX_RESOLUTION, or the face's own resolution when that is lower.
 */
export function cropFace(image: RawImage, face: FaceGeometry, resolution?: number): FaceCrop {
  const toCanonical = canonicalTransform(face);
  const unitsPerPixel = affineScale(toCanonical);
  resolution ??= Math.min(MAX_RESOLUTION, 1 / unitsPerPixel);
  const size = Math.max(16, Math.round(CANONICAL_SIZE * resolution));
  const toCrop = scaleAffine(toCanonical, resolution);
  const fromCrop = invertAffine(toCrop);
  const crop = warpToImage(image, fromCrop, size, size);
  const inside = insideMask(fromCrop, size, image.width, image.height);
  const scale = unitsPerPixel * resolution;
  return {
    size,
    rgb: crop.data,
    luma: lumaPlane(crop.data, size, size),
    luminance: luminancePlane(crop.data, size, size),
    inside,
    resolution,
    scale,
    toCanonical,
    face: transformFace(face, toCrop, scale),
  };
}

/** Crop pixels whose centre maps inside the W x H source; per row, the constraints are linear in u. */
function insideMask(m: Affine, size: number, W: number, H: number): Mask {
  const mask = emptyMask(size, size);
  for (let v = 0; v < size; v++) {
    let lo = 0;
    let hi = size;
    // Source x = m0 (u + .5) + m1 (v + .5) + m2 must lie in [0, W); y likewise in [0, H).
    for (const [k, b, limit] of [[m[0], m[1] * (v + 0.5) + m[2], W], [m[3], m[4] * (v + 0.5) + m[5], H]] as const) {
      if (Math.abs(k) < 1e-12) {
        if (b < 0 || b >= limit) hi = lo;
        continue;
      }
      const a = (0 - b) / k - 0.5;
      const c = (limit - b) / k - 0.5;
      const from = Math.min(a, c);
      const to = Math.max(a, c);
      lo = Math.max(lo, Math.ceil(from));
      hi = Math.min(hi, Math.ceil(to));
    }
    if (hi > lo) mask.data.fill(1, v * size + lo, v * size + hi);
  }
  return mask;
}

function transformFace(face: FaceGeometry, m: Affine, scale: number): FaceGeometry {
  const points: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, p] of Object.entries(face.points) as [LandmarkName, Point][]) points[name] = mapPoint(m, p);
  let mesh: Float32Array | undefined;
  if (face.mesh) {
    mesh = new Float32Array(face.mesh.length);
    for (let i = 0; i + 2 < mesh.length; i += 3) {
      const [x, y] = mapPoint(m, [face.mesh[i], face.mesh[i + 1]]);
      mesh[i] = x;
      mesh[i + 1] = y;
      mesh[i + 2] = face.mesh[i + 2] * scale;
    }
  }
  return {
    points,
    mesh,
    pose: face.pose,
    leftEye: mapPoint(m, face.leftEye),
    rightEye: mapPoint(m, face.rightEye),
    eyeMid: mapPoint(m, face.eyeMid),
    mouth: mapPoint(m, face.mouth),
    chin: mapPoint(m, face.chin),
    ied: face.ied * scale,
    t: face.t * scale,
  };
}

/**
 * Warps the canonical rectangle [x0, x0 + w) x [y0, y0 + h) (canonical
 * units) out of the source picture at one pixel per unit.
 */
export function warpCanonical(image: RawImage, toCanonical: Affine, x0: number, y0: number, w: number, h: number): RawImage {
  const fromCanonical = invertAffine(toCanonical);
  // Output pixel (u, v) is canonical (x0 + u, y0 + v).
  const m: Affine = [fromCanonical[0], fromCanonical[1], fromCanonical[0] * x0 + fromCanonical[1] * y0 + fromCanonical[2], fromCanonical[3], fromCanonical[4], fromCanonical[3] * x0 + fromCanonical[4] * y0 + fromCanonical[5]];
  return warpToImage(image, m, Math.max(1, Math.round(w)), Math.max(1, Math.round(h)));
}
