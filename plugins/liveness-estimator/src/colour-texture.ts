/**
 * Colour texture of a face crop (after Boulkenafet, Komulainen and Hadid,
 * "Face anti-spoofing based on color texture analysis", ICIP 2015): uniform
 * LBP(8,1) histograms of each channel of HSV and YCbCr. A screen or a print
 * re-renders the face through another gamut and another pixel grid; the
 * joint colour/texture statistics keep traces of that which luma alone does
 * not. 59 bins a channel (58 uniform patterns and one for the rest), each
 * histogram normalised to sum 1; six channels give 354 values.
 */
import { warpToTensor, type BBox, type RawImage, type TensorLayout } from '@facelab/core';
import { boxPixels, spoofAffine, spoofSquare } from './spoof-crop.ts';

export const LBP_BINS = 59;
export const TEXTURE_CHANNELS = ['h', 's', 'v', 'y', 'cb', 'cr'] as const;
export const TEXTURE_SIZE = 64;

/** For each 8-bit LBP code, its bin: 0..57 for the 58 uniform codes (at most two 0/1 transitions around the circle), 58 for the rest. */
const UNIFORM_BIN = (() => {
  const bins = new Uint8Array(256);
  let next = 0;
  for (let code = 0; code < 256; code++) {
    let transitions = 0;
    for (let k = 0; k < 8; k++) if (((code >> k) & 1) !== ((code >> ((k + 1) % 8)) & 1)) transitions++;
    bins[code] = transitions <= 2 ? next++ : 58;
  }
  return bins;
})();

/** The uniform LBP(8,1) histogram of one `n` x `n` channel (border pixels are not centres), summing to 1. */
export function lbpHistogram(channel: Float32Array, n: number): Float64Array {
  const hist = new Float64Array(LBP_BINS);
  // Neighbours clockwise from the left-top.
  const offsets = [-n - 1, -n, -n + 1, 1, n + 1, n, n - 1, -1];
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      const c = channel[i];
      let code = 0;
      for (let k = 0; k < 8; k++) if (channel[i + offsets[k]] >= c) code |= 1 << k;
      hist[UNIFORM_BIN[code]]++;
    }
  }
  const total = (n - 2) * (n - 2);
  for (let b = 0; b < LBP_BINS; b++) hist[b] /= total;
  return hist;
}

/** The six channels (HSV, then BT.601 YCbCr, all 0..255) of an RGB 0..255 pixel buffer (HWC). */
export function colourChannels(rgb: Float32Array, count: number): Float32Array[] {
  const out = TEXTURE_CHANNELS.map(() => new Float32Array(count));
  for (let i = 0; i < count; i++) {
    const r = rgb[i * 3];
    const g = rgb[i * 3 + 1];
    const b = rgb[i * 3 + 2];
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const delta = max - min;
    let h = 0;
    if (delta > 0) {
      if (max === r) h = ((g - b) / delta + 6) % 6;
      else if (max === g) h = (b - r) / delta + 2;
      else h = (r - g) / delta + 4;
    }
    out[0][i] = (h / 6) * 255;
    out[1][i] = max > 0 ? (delta / max) * 255 : 0;
    out[2][i] = max;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    out[3][i] = y;
    out[4][i] = 128 + 0.564 * (b - y);
    out[5][i] = 128 + 0.713 * (r - y);
  }
  return out;
}

const LAYOUT: TensorLayout = Object.freeze({ width: TEXTURE_SIZE, height: TEXTURE_SIZE, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] }) as TensorLayout;

/** The square crop of `scale` x the box's longer side (spoof-crop.ts), as RGB 0..255 HWC at TEXTURE_SIZE. */
export function textureCrop(picture: RawImage, bbox: BBox, scale: number): Float32Array {
  const crop = spoofSquare(boxPixels(bbox, picture.width, picture.height), picture.width, picture.height, scale);
  const out = new Float32Array(TEXTURE_SIZE * TEXTURE_SIZE * 3);
  warpToTensor(picture, spoofAffine(crop, TEXTURE_SIZE), LAYOUT, out);
  return out;
}

/** 354 values: the LBP histogram of each of TEXTURE_CHANNELS, in that order. */
export function colourTexture(picture: RawImage, bbox: BBox, scale = 1.0): Float64Array {
  const rgb = textureCrop(picture, bbox, scale);
  const channels = colourChannels(rgb, TEXTURE_SIZE * TEXTURE_SIZE);
  const out = new Float64Array(channels.length * LBP_BINS);
  channels.forEach((c, k) => out.set(lbpHistogram(c, TEXTURE_SIZE), k * LBP_BINS));
  return out;
}
