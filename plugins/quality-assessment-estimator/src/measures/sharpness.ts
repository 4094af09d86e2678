/**
 * Sharpness: the no-reference re-blur measure of Crété-Roffet et al. ("The
 * blur effect: perception and estimation with a new no-reference perceptual
 * blur metric", SPIE 2007), on the luma of the face region of the crop. The
 * face is blurred again with a 9-tap box filter along each axis; a sharp
 * face loses much of its neighbour-to-neighbour variation, a blurred one
 * little. Blur = the share of variation that survives, taken on the worse
 * axis; sharpness = 1 - blur. It is contrast-invariant (darkening does not
 * change it) and, because the crop holds the face at a fixed resolution
 * (or its own when smaller), judged against the face's size.
 *
 * Own choice, not OFIQ: OFIQ's sharpness is a random forest over Laplacian,
 * Sobel and mean-difference features trained on its own data, which cannot
 * be reproduced without that training set.
 */
import type { Mask, Plane } from '../pixels.ts';

const TAPS = 9;

/**
 * Running-sum box filter of 2 * half + 1 taps along lines of `length`
 * samples `step` apart; `lines` lines start `lineStep` apart. Edges clamped.
 */
function boxBlur(src: Float32Array, dst: Float32Array, length: number, lines: number, step: number, lineStep: number, half: number): void {
  const taps = 2 * half + 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    const at = (k: number): number => src[base + (k < 0 ? 0 : k >= length ? length - 1 : k) * step];
    let sum = 0;
    for (let k = -half; k <= half; k++) sum += at(k);
    for (let k = 0; k < length; k++) {
      dst[base + k * step] = sum / taps;
      sum += at(k + half + 1) - at(k - half);
    }
  }
}

/** 1 - blur, in [0, 1]; NaN when the region is empty. */
export function reblurSharpness(plane: Plane, mask: Mask): number {
  const { width, height, data } = plane;
  const half = TAPS >> 1;
  const h = new Float32Array(data.length);
  const v = new Float32Array(data.length);
  boxBlur(data, h, width, height, 1, width, half);
  boxBlur(data, v, height, width, width, 1, half);
  let sumH = 0;
  let keptH = 0;
  let sumV = 0;
  let keptV = 0;
  for (let y = 1; y < height; y++) {
    for (let x = 1; x < width; x++) {
      const i = y * width + x;
      if (!mask.data[i]) continue;
      if (mask.data[i - 1]) {
        const dF = Math.abs(data[i] - data[i - 1]);
        const dB = Math.abs(h[i] - h[i - 1]);
        sumH += dF;
        keptH += Math.max(0, dF - dB);
      }
      if (mask.data[i - width]) {
        const dF = Math.abs(data[i] - data[i - width]);
        const dB = Math.abs(v[i] - v[i - width]);
        sumV += dF;
        keptV += Math.max(0, dF - dB);
      }
    }
  }
  if (sumH === 0 || sumV === 0) return Number.NaN;
  const blur = Math.max((sumH - keptH) / sumH, (sumV - keptV) / sumV);
  return 1 - blur;
}

/**
 * 0..1 score of the raw sharpness: a sigmoid centred at 0.3 (width 0.04).
 * Calibrated on the face-api sample photos: their faces read 0.33-0.62,
 * a Gaussian blur of sigma 2 px at their size about 0.3, sigma 4 px about 0.18.
 */
export function sharpnessScore(raw: number): number {
  return Number.isFinite(raw) ? 1 / (1 + Math.exp(-(raw - 0.3) / 0.04)) : 0;
}
