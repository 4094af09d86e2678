/**
 * Training-time variations of a face crop: where the box lands (jitter,
 * mirror, roll), how the picture looks (exposure, contrast, white balance,
 * grey, low resolution). Geometry goes through the plugin's own crop so the
 * head never sees a framing the plugin would not produce.
 */
import { cropLength, warpToImage, warpToTensor, type Affine, type RawImage } from '@facelab/core';
import { FEATURE_LAYOUT } from '../src/models.ts';
import { faceCropAffine, type PixelBox } from '../src/preprocess.ts';
import type { Random } from './random.ts';

export interface Variation {
  box: PixelBox;
  mirror: boolean;
  /** Roll in radians about the crop centre. */
  angle: number;
  /** Side of the low-resolution copy the crop passes through, or 0 for none. */
  lowRes: number;
  brightness: number;
  contrast: number;
  gains: [number, number, number];
  gray: boolean;
}

/** The crop with no variation: the plugin's exact input for `box`. */
export function plain(box: PixelBox): Variation {
  return { box, mirror: false, angle: 0, lowRes: 0, brightness: 0, contrast: 1, gains: [1, 1, 1], gray: false };
}

function isPlain(v: Variation): boolean {
  return v.angle === 0 && !v.mirror && v.lowRes === 0 && v.brightness === 0 && v.contrast === 1 && !v.gray && v.gains.every((g) => g === 1);
}

/** A random variation of `box`, drawn from `random`. */
export function randomVariation(box: PixelBox, random: Random): Variation {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  // Ranges cover where the face detector's boxes fall on the training crops (measured on padded
  // crops: scale 0.7-1.15 of the crop, centre up to a third of it higher on masked web crops).
  const scale = random.uniform(0.75, 1.15);
  const aspect = Math.sqrt(random.uniform(0.8, 1.15));
  const cx = (box[0] + box[2]) / 2 + random.uniform(-0.08, 0.08) * w;
  const cy = (box[1] + box[3]) / 2 + random.uniform(-0.15, 0.1) * h;
  const nw = w * scale * aspect;
  const nh = (h * scale) / aspect;
  const g = (): number => random.uniform(0.88, 1.12);
  return {
    box: [cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2],
    mirror: random.chance(0.5),
    angle: random.uniform(-0.2, 0.2),
    lowRes: random.chance(0.3) ? Math.round(random.uniform(20, 64)) : 0,
    brightness: random.uniform(-35, 35),
    contrast: random.uniform(0.65, 1.3),
    gains: [g(), g(), g()],
    gray: random.chance(0.08),
  };
}

function compose(m: Affine, n: Affine): Affine {
  // (m ∘ n)(p) = m(n(p))
  return [
    m[0] * n[0] + m[1] * n[3], m[0] * n[1] + m[1] * n[4], m[0] * n[2] + m[1] * n[5] + m[2],
    m[3] * n[0] + m[4] * n[3], m[3] * n[1] + m[4] * n[4], m[3] * n[2] + m[4] * n[5] + m[5],
  ];
}

/** The map from an `outSize` square crop to the picture, with the variation's roll. */
function variationAffine(v: Variation, outSize: number): Affine {
  const size = FEATURE_LAYOUT.width;
  const c = size / 2;
  const cos = Math.cos(v.angle);
  const sin = Math.sin(v.angle);
  const rotate: Affine = [cos, -sin, c - cos * c + sin * c, sin, cos, c - sin * c - cos * c];
  const s = size / outSize;
  return compose(compose(faceCropAffine(v.box, v.mirror), rotate), [s, 0, 0, 0, s, 0]);
}

function photometric(image: RawImage, v: Variation): RawImage {
  const data = new Uint8Array(image.data.length);
  let mean = 0;
  for (let i = 0; i < image.data.length; i++) mean += image.data[i];
  mean /= image.data.length;
  for (let p = 0; p < data.length; p += 3) {
    const gray = 0.299 * image.data[p] + 0.587 * image.data[p + 1] + 0.114 * image.data[p + 2];
    for (let c = 0; c < 3; c++) {
      const x = v.gray ? gray : image.data[p + c] * v.gains[c];
      data[p + c] = Math.max(0, Math.min(255, (x - mean) * v.contrast + mean + v.brightness));
    }
  }
  return { width: image.width, height: image.height, data };
}

/** Writes the varied crop of `image` into `out` at `offset`, as faceres takes it. */
export function renderVariation(image: RawImage, v: Variation, out: Float32Array, offset: number): void {
  const size = FEATURE_LAYOUT.width;
  if (isPlain(v)) {
    warpToTensor(image, faceCropAffine(v.box), FEATURE_LAYOUT, out, offset);
    return;
  }
  const identity = v.angle === 0 && !v.mirror;
  // Warp a small region first so the photometric pass touches few pixels.
  const crop = warpToImage(image, identity ? faceCropAffine(v.box) : variationAffine(v, size), size, size);
  let source = photometric(crop, v);
  if (v.lowRes > 0) source = warpToImage(source, [size / v.lowRes, 0, 0, 0, size / v.lowRes, 0], v.lowRes, v.lowRes);
  const s = source.width / size;
  warpToTensor(source, [s, 0, 0, 0, s, 0], FEATURE_LAYOUT, out, offset);
}

export const CROP_LENGTH = cropLength(FEATURE_LAYOUT);
