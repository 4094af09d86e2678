/**
 * Hand-measured presentation-attack cues of one aligned face crop (square
 * RGB, a power-of-two side): the spectrum (a screen's pixel grid and moire
 * add sharp high-frequency peaks; a print or a replay loses fine detail),
 * sharpness, specular highlights, colour statistics and straight edges
 * running across the crop (a screen or paper border).
 */
import type { RawImage } from '@facelab/core';
import { powerSpectrum } from './fft.ts';

export const CUE_NAMES = [
  'spec_mid',
  'spec_high',
  'spec_peak',
  'spec_slope',
  'lap_var',
  'lap_rel',
  'specular',
  'luma_mean',
  'luma_std',
  'luma_p01',
  'luma_p99',
  'sat_mean',
  'sat_std',
  'cb_mean',
  'cr_mean',
  'cb_std',
  'cr_std',
  'border_line',
] as const;

export type CueName = (typeof CUE_NAMES)[number];

/** The cues of one crop, in CUE_NAMES order. */
export function measureCues(crop: RawImage): Float64Array {
  const n = crop.width;
  if (crop.height !== n || (n & (n - 1)) !== 0) throw new Error(`cue crop must be square with a power-of-two side, got ${crop.width}x${crop.height}`);
  const count = n * n;
  const luma = new Float64Array(count);
  const sat = new Float64Array(count);
  const cb = new Float64Array(count);
  const cr = new Float64Array(count);
  let specular = 0;
  for (let i = 0; i < count; i++) {
    const r = crop.data[i * 3] / 255;
    const g = crop.data[i * 3 + 1] / 255;
    const b = crop.data[i * 3 + 2] / 255;
    // BT.601 YCbCr, the space colour-texture anti-spoofing work measures in.
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    luma[i] = y;
    cb[i] = 0.564 * (b - y);
    cr[i] = 0.713 * (r - y);
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    sat[i] = max > 0 ? (max - min) / max : 0;
    if (y > 0.92 && sat[i] < 0.15) specular++;
  }
  const [lumaMean, lumaStd] = meanStd(luma);
  const [satMean, satStd] = meanStd(sat);
  const [cbMean, cbStd] = meanStd(cb);
  const [crMean, crStd] = meanStd(cr);
  const sorted = Float64Array.from(luma).sort();
  const lap = laplacianVariance(luma, n);
  const spectrum = spectrumCues(luma, n);
  return Float64Array.from([
    spectrum.mid,
    spectrum.high,
    spectrum.peak,
    spectrum.slope,
    Math.log(lap + 1e-8),
    Math.log((lap + 1e-8) / (lumaStd * lumaStd + 1e-8)),
    specular / count,
    lumaMean,
    lumaStd,
    sorted[Math.floor(0.01 * (count - 1))],
    sorted[Math.floor(0.99 * (count - 1))],
    satMean,
    satStd,
    cbMean,
    crMean,
    cbStd,
    crStd,
    borderLine(luma, n),
  ]);
}

function meanStd(values: Float64Array): [number, number] {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) * (v - mean);
  return [mean, Math.sqrt(sq / values.length)];
}

/** Variance of the 4-neighbour Laplacian over the inner pixels (the usual focus measure). */
function laplacianVariance(luma: Float64Array, n: number): number {
  const values = new Float64Array((n - 2) * (n - 2));
  let k = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      values[k++] = luma[i - 1] + luma[i + 1] + luma[i - n] + luma[i + n] - 4 * luma[i];
    }
  }
  const [, std] = meanStd(values);
  return std * std;
}

/**
 * Band energies, peakiness and slope of the radially binned log spectrum.
 * Radius is in cycles per pixel (Nyquist = 0.5).
 */
function spectrumCues(luma: Float64Array, n: number): { mid: number; high: number; peak: number; slope: number } {
  const power = powerSpectrum(luma, n);
  const bins = n / 2;
  const radial: number[][] = Array.from({ length: bins }, () => []);
  const radiusOf = new Float64Array(n * n);
  let total = 0;
  let mid = 0;
  let high = 0;
  for (let v = 0; v < n; v++) {
    const fv = (v < n / 2 ? v : v - n) / n;
    for (let u = 0; u < n; u++) {
      const fu = (u < n / 2 ? u : u - n) / n;
      const r = Math.sqrt(fu * fu + fv * fv);
      const i = v * n + u;
      radiusOf[i] = r;
      if (r === 0) continue;
      const p = power[i];
      total += p;
      if (r >= 0.25) high += p;
      else if (r >= 0.125) mid += p;
      const bin = Math.floor(r * n);
      if (bin < bins) radial[bin].push(Math.log(p + 1e-12));
    }
  }
  const medians = radial.map((values) => (values.length > 0 ? median(values) : 0));
  // Peaks: how far the strongest mid/high-frequency coefficients stand above
  // the typical coefficient at their radius.
  const residuals: number[] = [];
  for (let i = 0; i < n * n; i++) {
    const r = radiusOf[i];
    if (r < 0.15 || r >= 0.5) continue;
    residuals.push(Math.log(power[i] + 1e-12) - medians[Math.floor(r * n)]);
  }
  residuals.sort((a, b) => b - a);
  const top = residuals.slice(0, 8);
  const peak = top.reduce((a, b) => a + b, 0) / top.length;
  // Least-squares slope of the median log power against log radius, from
  // the lowest non-DC bin to near Nyquist.
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let m = 0;
  for (let bin = 2; bin < bins; bin++) {
    const x = Math.log((bin + 0.5) / n);
    const y = medians[bin];
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    m++;
  }
  const slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
  return { mid: mid / total, high: high / total, peak, slope };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * The strongest straight edge across the crop: the largest mean absolute
 * gradient along one whole row or column, over the crop's mean gradient. A
 * screen bezel or a paper edge gives a long line; a face gives none.
 */
function borderLine(luma: Float64Array, n: number): number {
  let all = 0;
  let best = 0;
  for (let x = 1; x < n - 1; x++) {
    let col = 0;
    for (let y = 0; y < n; y++) col += Math.abs(luma[y * n + x + 1] - luma[y * n + x - 1]);
    all += col;
    best = Math.max(best, col);
  }
  for (let y = 1; y < n - 1; y++) {
    let row = 0;
    for (let x = 0; x < n; x++) row += Math.abs(luma[(y + 1) * n + x] - luma[(y - 1) * n + x]);
    all += row;
    best = Math.max(best, row);
  }
  const mean = all / (2 * (n - 2));
  return mean > 0 ? best / mean : 0;
}
