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
  const { width: ow, height: oh } = layout;
  const rgb = sampleGrid(image, m, ow, oh);
  const plane = ow * oh;
  const [m0, m1, m2] = layout.mean;
  const [i0, i1, i2] = layout.std.map((s) => 1 / s);
  if (layout.channels === 'gray') {
    for (let idx = 0, p = 0; idx < plane; idx++, p += 3) {
      // ITU-R BT.601 luma, the weights of TF's rgb_to_grayscale.
      const y = 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
      out[offset + idx] = (y - m0) * i0;
    }
    return;
  }
  // Which sampled channel feeds output channel 0 and 2 (the middle one is green either way).
  const [c0, c2] = layout.channels === 'bgr' ? [2, 0] : [0, 2];
  if (layout.layout === 'nhwc') {
    for (let idx = 0, p = 0; idx < plane; idx++, p += 3) {
      const o = offset + p;
      out[o] = (rgb[p + c0] - m0) * i0;
      out[o + 1] = (rgb[p + 1] - m1) * i1;
      out[o + 2] = (rgb[p + c2] - m2) * i2;
    }
  } else {
    for (let idx = 0, p = 0; idx < plane; idx++, p += 3) {
      out[offset + idx] = (rgb[p + c0] - m0) * i0;
      out[offset + plane + idx] = (rgb[p + 1] - m1) * i1;
      out[offset + 2 * plane + idx] = (rgb[p + c2] - m2) * i2;
    }
  }
}

/** Warps into a new RGB picture (for crops a unit inspects itself rather than feeds a model). */
export function warpToImage(image: RawImage, m: Affine, width: number, height: number): RawImage {
  const rgb = sampleGrid(image, m, width, height);
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < out.length; i++) out[i] = rgb[i] + 0.5;
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

/** Scratch for sampleGrid, grown as needed up to GRID_KEPT values (one warp runs at a time per thread). */
let grid = new Float64Array(0);
/** The largest scratch kept between warps (a 512 x 512 crop, 6 MB); larger warps get their own array. */
const GRID_KEPT = 512 * 512 * 3;
/** One bilinear tap's red, green, blue, from the bounds-checked path. */
const edgeTap = new Float64Array(3);

/**
 * Every output pixel's RGB (0..255, unrounded), row by row: the average of
 * a grid of bilinear taps (one tap when the map does not shrink). The
 * returned array is scratch, valid until the next call. The bilinear tap
 * is written out inline (this loop is most of the time the crops take);
 * its sums run in the order of `edgeBilinear`, so every float is the same
 * whichever path a tap takes.
 */
function sampleGrid(image: RawImage, m: Affine, ow: number, oh: number): Float64Array {
  const { width: W, height: H, data } = image;
  const [a, b, c, d, e, f] = m;
  const taps = supersampling(m);
  const n = taps * taps;
  // Tap positions inside an output pixel: at its centre for one tap, else a taps x taps grid.
  const offsets = taps === 1 ? [0.5] : Array.from({ length: taps }, (_, i) => (i + 0.5) / taps);
  const size = ow * oh * 3;
  if (grid.length < size && size <= GRID_KEPT) grid = new Float64Array(size);
  const rgb = size <= grid.length ? grid : new Float64Array(size);
  if (b === 0 && d === 0) return sampleAxisAligned(image, m, ow, oh, taps, offsets, rgb);
  const row = W * 3;
  let o = 0;
  for (let v = 0; v < oh; v++) {
    for (let u = 0; u < ow; u++, o += 3) {
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let j = 0; j < taps; j++) {
        const vv = v + offsets[j];
        for (let i = 0; i < taps; i++) {
          const uu = u + offsets[i];
          // Source coordinates of the tap, in pixel-index space.
          const x = a * uu + b * vv + c - 0.5;
          const y = d * uu + e * vv + f - 0.5;
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          let tr: number;
          let tg: number;
          let tb: number;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < W && y0 + 1 < H) {
            const fx = x - x0;
            const fy = y - y0;
            const w00 = (1 - fy) * (1 - fx);
            const w01 = (1 - fy) * fx;
            const w10 = fy * (1 - fx);
            const w11 = fy * fx;
            const p = y0 * row + x0 * 3;
            const q = p + row;
            tr = data[p] * w00 + data[p + 3] * w01 + data[q] * w10 + data[q + 3] * w11;
            tg = data[p + 1] * w00 + data[p + 4] * w01 + data[q + 1] * w10 + data[q + 4] * w11;
            tb = data[p + 2] * w00 + data[p + 5] * w01 + data[q + 2] * w10 + data[q + 5] * w11;
          } else {
            edgeBilinear(data, W, H, x, y);
            tr = edgeTap[0];
            tg = edgeTap[1];
            tb = edgeTap[2];
          }
          if (n === 1) {
            r = tr;
            g = tg;
            bl = tb;
          } else {
            r += tr;
            g += tg;
            bl += tb;
          }
        }
      }
      if (n === 1) {
        rgb[o] = r;
        rgb[o + 1] = g;
        rgb[o + 2] = bl;
      } else {
        rgb[o] = r / n;
        rgb[o + 1] = g / n;
        rgb[o + 2] = bl / n;
      }
    }
  }
  return rgb;
}

/**
 * sampleGrid for a map without rotation (a scale and a shift per axis, as
 * detector windows are): a tap's source column depends on the output
 * column only and its row on the output row only, so both are worked out
 * once per column and per row. The sums run as in sampleGrid, so every
 * float is the same.
 */
function sampleAxisAligned(image: RawImage, m: Affine, ow: number, oh: number, taps: number, offsets: number[], rgb: Float64Array): Float64Array {
  const { width: W, height: H, data } = image;
  const [a, , c, , e, f] = m;
  const n = taps * taps;
  // Per output column (row) and tap: the source coordinate, its whole part and fraction, and whether both neighbours lie inside.
  const xs = new Float64Array(ow * taps);
  const xFrac = new Float64Array(ow * taps);
  const xAt = new Int32Array(ow * taps);
  const xIn = new Uint8Array(ow * taps);
  for (let u = 0, k = 0; u < ow; u++) {
    for (let i = 0; i < taps; i++, k++) {
      const x = a * (u + offsets[i]) + c - 0.5;
      const x0 = Math.floor(x);
      xs[k] = x;
      xFrac[k] = x - x0;
      xAt[k] = x0 * 3;
      xIn[k] = x0 >= 0 && x0 + 1 < W ? 1 : 0;
    }
  }
  const row = W * 3;
  let o = 0;
  for (let v = 0; v < oh; v++) {
    const ys: number[] = [];
    const yFrac: number[] = [];
    const yAt: number[] = [];
    const yIn: boolean[] = [];
    for (let j = 0; j < taps; j++) {
      const y = e * (v + offsets[j]) + f - 0.5;
      const y0 = Math.floor(y);
      ys.push(y);
      yFrac.push(y - y0);
      yAt.push(y0 * row);
      yIn.push(y0 >= 0 && y0 + 1 < H);
    }
    for (let u = 0; u < ow; u++, o += 3) {
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let j = 0; j < taps; j++) {
        const fy = yFrac[j];
        for (let i = 0; i < taps; i++) {
          const k = u * taps + i;
          let tr: number;
          let tg: number;
          let tb: number;
          if (yIn[j] && xIn[k] === 1) {
            const fx = xFrac[k];
            const w00 = (1 - fy) * (1 - fx);
            const w01 = (1 - fy) * fx;
            const w10 = fy * (1 - fx);
            const w11 = fy * fx;
            const p = yAt[j] + xAt[k];
            const q = p + row;
            tr = data[p] * w00 + data[p + 3] * w01 + data[q] * w10 + data[q + 3] * w11;
            tg = data[p + 1] * w00 + data[p + 4] * w01 + data[q + 1] * w10 + data[q + 4] * w11;
            tb = data[p + 2] * w00 + data[p + 5] * w01 + data[q + 2] * w10 + data[q + 5] * w11;
          } else {
            edgeBilinear(data, W, H, xs[k], ys[j]);
            tr = edgeTap[0];
            tg = edgeTap[1];
            tb = edgeTap[2];
          }
          if (n === 1) {
            r = tr;
            g = tg;
            bl = tb;
          } else {
            r += tr;
            g += tg;
            bl += tb;
          }
        }
      }
      if (n === 1) {
        rgb[o] = r;
        rgb[o + 1] = g;
        rgb[o + 2] = bl;
      } else {
        rgb[o] = r / n;
        rgb[o + 1] = g / n;
        rgb[o + 2] = bl / n;
      }
    }
  }
  return rgb;
}

/** The bilinear value at (x, y) into `edgeTap`, for a tap whose neighbours may lie outside the picture (they read 0). */
function edgeBilinear(data: Uint8Array, W: number, H: number, x: number, y: number): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  let r = 0;
  let g = 0;
  let bl = 0;
  for (let j = 0; j < 2; j++) {
    const yy = y0 + j;
    if (yy < 0 || yy >= H) continue;
    const wy = j === 0 ? 1 - fy : fy;
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i;
      if (xx < 0 || xx >= W) continue;
      const w = wy * (i === 0 ? 1 - fx : fx);
      const p = (yy * W + xx) * 3;
      r += data[p] * w;
      g += data[p + 1] * w;
      bl += data[p + 2] * w;
    }
  }
  edgeTap[0] = r;
  edgeTap[1] = g;
  edgeTap[2] = bl;
}
