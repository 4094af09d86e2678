/**
 * Crops for the models: an affine warp of the picture into a model's input
 * tensor, sampled bilinearly, with the colour order, layout and
 * normalisation the model was trained with. Batching writes several crops
 * into one tensor at consecutive offsets.
 */
import type { RawImage } from './types.ts';

/**
 * Maps output pixel (u, v) to source pixel (a*u + b*v + c, d*u + e*v + f).
 * Pixel centres sit at integer + 0.5 on both sides.
 */
export type Affine = [number, number, number, number, number, number];

export interface TensorLayout {
  width: number;
  height: number;
  layout: 'nhwc' | 'nchw';
  channels: 'rgb' | 'bgr' | 'gray';
  /** value = (pixel - mean[c]) / std[c], pixel in 0..255, per output channel. */
  mean: readonly number[];
  std: readonly number[];
}

/** Number of floats one crop fills. */
export function cropLength(layout: TensorLayout): number {
  return layout.width * layout.height * (layout.channels === 'gray' ? 1 : 3);
}

/** The affine map that sends the output square onto an axis-aligned source box (x, y, w, h in pixels). */
export function boxToAffine(x: number, y: number, w: number, h: number, outW: number, outH: number): Affine {
  return [w / outW, 0, x, 0, h / outH, y];
}

/**
 * The affine map for a rotated square crop: centre (cx, cy), side in source
 * pixels, rotated by `angle` radians (the output's x axis points along angle).
 */
export function rotatedSquareAffine(cx: number, cy: number, side: number, angle: number, outSize: number): Affine {
  const s = side / outSize;
  const cos = Math.cos(angle) * s;
  const sin = Math.sin(angle) * s;
  const half = outSize / 2;
  return [cos, -sin, cx - cos * half + sin * half, sin, cos, cy - sin * half - cos * half];
}

/** Applies an affine map to a point of the output to get the source point. */
export function applyAffine(m: Affine, u: number, v: number): [number, number] {
  return [m[0] * u + m[1] * v + m[2], m[3] * u + m[4] * v + m[5]];
}

/** The inverse map (source to output). */
export function invertAffine(m: Affine): Affine {
  const det = m[0] * m[4] - m[1] * m[3];
  const a = m[4] / det;
  const b = -m[1] / det;
  const d = -m[3] / det;
  const e = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5])];
}

/**
 * Warps `image` through `m` into `out` at `offset`, as the layout says.
 * Pixels outside the picture read as black (0), as a zero-padded crop would.
 */
export function warpToTensor(image: RawImage, m: Affine, layout: TensorLayout, out: Float32Array, offset = 0): void {
  const { width: W, height: H, data } = image;
  const { width: ow, height: oh } = layout;
  const gray = layout.channels === 'gray';
  const order = layout.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const plane = ow * oh;
  const mean = layout.mean;
  const inv = layout.std.map((s) => 1 / s);
  const px = [0, 0, 0];
  const taps = supersampling(m);
  for (let v = 0; v < oh; v++) {
    for (let u = 0; u < ow; u++) {
      areaSample(data, W, H, m, u, v, taps, px);
      const idx = v * ow + u;
      if (gray) {
        // ITU-R BT.601 luma, the weights of TF's rgb_to_grayscale.
        const y = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
        out[offset + idx] = (y - mean[0]) * inv[0];
      } else if (layout.layout === 'nhwc') {
        const o = offset + idx * 3;
        for (let c = 0; c < 3; c++) out[o + c] = (px[order[c]] - mean[c]) * inv[c];
      } else {
        for (let c = 0; c < 3; c++) out[offset + c * plane + idx] = (px[order[c]] - mean[c]) * inv[c];
      }
    }
  }
}

/** Warps into a new RGB picture (for crops a unit inspects itself rather than feeds a model). */
export function warpToImage(image: RawImage, m: Affine, width: number, height: number): RawImage {
  const out = new Uint8Array(width * height * 3);
  const px = [0, 0, 0];
  const taps = supersampling(m);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      areaSample(image.data, image.width, image.height, m, u, v, taps, px);
      const o = (v * width + u) * 3;
      out[o] = px[0] + 0.5;
      out[o + 1] = px[1] + 0.5;
      out[o + 2] = px[2] + 0.5;
    }
  }
  return { width, height, data: out };
}

/**
 * Taps per axis: when one output pixel covers several source pixels, plain
 * bilinear sampling aliases, so the pixel averages a grid of bilinear taps.
 */
function supersampling(m: Affine): number {
  const scale = Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
  return Math.min(4, Math.max(1, Math.ceil(scale - 0.25)));
}

function areaSample(data: Uint8Array, W: number, H: number, m: Affine, u: number, v: number, taps: number, px: number[]): void {
  if (taps === 1) {
    // Source coordinates of the output pixel centre, in pixel-index space.
    sample(data, W, H, m[0] * (u + 0.5) + m[1] * (v + 0.5) + m[2] - 0.5, m[3] * (u + 0.5) + m[4] * (v + 0.5) + m[5] - 0.5, px);
    return;
  }
  let r = 0;
  let g = 0;
  let b = 0;
  for (let j = 0; j < taps; j++) {
    const vv = v + (j + 0.5) / taps;
    for (let i = 0; i < taps; i++) {
      const uu = u + (i + 0.5) / taps;
      sample(data, W, H, m[0] * uu + m[1] * vv + m[2] - 0.5, m[3] * uu + m[4] * vv + m[5] - 0.5, px);
      r += px[0];
      g += px[1];
      b += px[2];
    }
  }
  const n = taps * taps;
  px[0] = r / n;
  px[1] = g / n;
  px[2] = b / n;
}

function sample(data: Uint8Array, W: number, H: number, x: number, y: number, px: number[]): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  px[0] = px[1] = px[2] = 0;
  for (let j = 0; j < 2; j++) {
    const yy = y0 + j;
    if (yy < 0 || yy >= H) continue;
    const wy = j === 0 ? 1 - fy : fy;
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i;
      if (xx < 0 || xx >= W) continue;
      const w = wy * (i === 0 ? 1 - fx : fx);
      if (w === 0) continue;
      const p = (yy * W + xx) * 3;
      px[0] += data[p] * w;
      px[1] += data[p + 1] * w;
      px[2] += data[p + 2] * w;
    }
  }
}
