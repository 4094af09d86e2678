import { describe, expect, it } from 'vitest';
import type { RawImage } from './types.ts';
import { rotatedSquareAffine, warpToImage, warpToTensor, type Affine, type TensorLayout } from './warp.ts';

/**
 * The warp as first written, one tap at a time with every bound checked:
 * the optimised warp must give the very same floats (crops feed models
 * whose answers must not move).
 */
function referenceSample(image: RawImage, x: number, y: number): number[] {
  const { width: W, height: H, data } = image;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const px = [0, 0, 0];
  for (let j = 0; j < 2; j++) {
    const yy = y0 + j;
    if (yy < 0 || yy >= H) continue;
    const wy = j === 0 ? 1 - (y - y0) : y - y0;
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i;
      if (xx < 0 || xx >= W) continue;
      const w = wy * (i === 0 ? 1 - (x - x0) : x - x0);
      if (w === 0) continue;
      for (let c = 0; c < 3; c++) px[c] += data[(yy * W + xx) * 3 + c] * w;
    }
  }
  return px;
}

function referencePixel(image: RawImage, m: Affine, u: number, v: number): number[] {
  const taps = Math.min(4, Math.max(1, Math.ceil(Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3])) - 0.25)));
  if (taps === 1) return referenceSample(image, m[0] * (u + 0.5) + m[1] * (v + 0.5) + m[2] - 0.5, m[3] * (u + 0.5) + m[4] * (v + 0.5) + m[5] - 0.5);
  const sum = [0, 0, 0];
  for (let j = 0; j < taps; j++) {
    const vv = v + (j + 0.5) / taps;
    for (let i = 0; i < taps; i++) {
      const uu = u + (i + 0.5) / taps;
      const px = referenceSample(image, m[0] * uu + m[1] * vv + m[2] - 0.5, m[3] * uu + m[4] * vv + m[5] - 0.5);
      for (let c = 0; c < 3; c++) sum[c] += px[c];
    }
  }
  return sum.map((s) => s / (taps * taps));
}

function referenceTensor(image: RawImage, m: Affine, layout: TensorLayout): Float32Array {
  const { width: ow, height: oh } = layout;
  const out = new Float32Array(ow * oh * (layout.channels === 'gray' ? 1 : 3));
  const order = layout.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const inv = layout.std.map((s) => 1 / s);
  for (let v = 0; v < oh; v++) {
    for (let u = 0; u < ow; u++) {
      const px = referencePixel(image, m, u, v);
      const idx = v * ow + u;
      if (layout.channels === 'gray') out[idx] = (0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2] - layout.mean[0]) * inv[0];
      else for (let c = 0; c < 3; c++) out[layout.layout === 'nhwc' ? idx * 3 + c : c * ow * oh + idx] = (px[order[c]] - layout.mean[c]) * inv[c];
    }
  }
  return out;
}

/** A picture of pseudo-random pixels (a fixed linear congruential sequence). */
function noise(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) % 2 ** 31) >> 23;
  return { width, height, data };
}

const image = noise(97, 61);
// Enlarging, 1:1, and shrinking by 1.7, 2.6 and 5 (1, 2, 3 and 4 taps), rotated, and crops reaching past every edge.
const maps: [string, Affine][] = [
  ['enlarging inside', rotatedSquareAffine(48, 30, 20, 0.3, 24)],
  ['1:1 past the left and top', [1, 0, -5.5, 0, 1, -3.25]],
  ['shrinking 1.7, rotated', rotatedSquareAffine(50, 31, 41, -0.6, 24)],
  ['shrinking 2.6 past the right and bottom', rotatedSquareAffine(90, 55, 62, 1.1, 24)],
  ['shrinking 5 over the whole picture', rotatedSquareAffine(48, 30, 120, 0.05, 24)],
  // Without rotation (detector windows take the axis-aligned path): enlarging and stretched, shrinking 1.4 (2 taps), mirrored, past the edges.
  ['axis-aligned, enlarging 4:3 past the bottom', [2.1, 0, 3.3, 0, 1.6, 40.2]],
  ['axis-aligned, shrinking 1.4 past the left', [1.4, 0, -7.7, 0, 1.4, 2.5]],
  ['axis-aligned, mirrored, shrinking 2.6 over the whole picture', [-4.2, 0, 100.5, 0, 2.6, -0.5]],
];
const layouts: TensorLayout[] = [
  { width: 24, height: 24, layout: 'nhwc', channels: 'rgb', mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
  { width: 24, height: 24, layout: 'nchw', channels: 'bgr', mean: [127.5, 127.5, 127.5], std: [128, 128, 128] },
  { width: 24, height: 24, layout: 'nchw', channels: 'rgb', mean: [122.782, 117.001, 104.298], std: [255, 255, 255] },
  { width: 24, height: 24, layout: 'nhwc', channels: 'gray', mean: [0], std: [255] },
];

describe('warpToTensor', () => {
  for (const [name, m] of maps) {
    it(`gives the reference warp's floats exactly: ${name}`, () => {
      for (const layout of layouts) {
        const expected = referenceTensor(image, m, layout);
        const out = new Float32Array(expected.length + 10);
        warpToTensor(image, m, layout, out, 10);
        expect(out.subarray(10)).toEqual(expected);
        expect(Array.from(out.subarray(0, 10))).toEqual(new Array(10).fill(0));
      }
    });
  }

  it('gives the reference floats for a crop larger than the scratch it keeps, and for a small one after it', () => {
    const layout: TensorLayout = { width: 520, height: 520, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] };
    const m = rotatedSquareAffine(48, 30, 60, 0.2, 520);
    const out = new Float32Array(520 * 520 * 3);
    warpToTensor(image, m, layout, out);
    expect(out).toEqual(referenceTensor(image, m, layout));
    const small = new Float32Array(24 * 24 * 3);
    warpToTensor(image, maps[2][1], layouts[0], small);
    expect(small).toEqual(referenceTensor(image, maps[2][1], layouts[0]));
  });

  it('warpToImage rounds the reference values to bytes', () => {
    const m = maps[2][1];
    const crop = warpToImage(image, m, 24, 24);
    const expected = new Uint8Array(24 * 24 * 3);
    for (let v = 0; v < 24; v++) for (let u = 0; u < 24; u++) referencePixel(image, m, u, v).forEach((p, c) => (expected[(v * 24 + u) * 3 + c] = p + 0.5));
    expect(crop.data).toEqual(expected);
  });
});
