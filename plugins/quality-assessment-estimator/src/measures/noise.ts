/**
 * Noise: a robust estimate of the standard deviation of additive noise on
 * the face's bare skin, in 8-bit luma levels at the crop's resolution. Each
 * pixel's residual under Immerkær's 3x3 mask ([1 -2 1; -2 4 -2; 1 -2 1],
 * "Fast noise variance estimation", CVIU 1996) cancels smooth shading and
 * keeps noise with variance 36 sigma^2; the median absolute residual, as in
 * Donoho's MAD estimator, ignores the minority of pixels on real edges:
 * sigma = median|r| / (0.6745 * 6).
 *
 * Own choice: ISO/IEC 29794-5 and OFIQ define no noise measure (OFIQ's
 * nearest, compression artefacts, is a CNN trained on its own data).
 */
import type { Mask, Plane } from '../pixels.ts';
import { quantile } from '../pixels.ts';

/** Noise sigma in luma levels; NaN when fewer than 16 skin pixels have a full 3x3 neighbourhood on skin. */
export function noiseSigma(plane: Plane, mask: Mask): number {
  const { width, height, data } = plane;
  const residuals: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!(mask.data[i] && mask.data[i - 1] && mask.data[i + 1] && mask.data[i - width] && mask.data[i + width])) continue;
      const r =
        data[i - width - 1] - 2 * data[i - width] + data[i - width + 1] -
        2 * data[i - 1] + 4 * data[i] - 2 * data[i + 1] +
        data[i + width - 1] - 2 * data[i + width] + data[i + width + 1];
      residuals.push(Math.abs(r));
    }
  }
  if (residuals.length < 16) return Number.NaN;
  return quantile(Float32Array.from(residuals), 0.5) / (0.6745 * 6);
}

/**
 * 0..1 score, 1 = clean: 1 - sigmoid((sigma - 2) / 0.4). Camera JPEGs read
 * 0.2-0.6 luma levels at the crop's scale; Gaussian noise of sigma 8 added
 * to the face-api sample photos reads about 3.
 */
export function noiseScore(sigma: number): number {
  return Number.isFinite(sigma) ? 1 - 1 / (1 + Math.exp(-(sigma - 2) / 0.4)) : 0;
}
