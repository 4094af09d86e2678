/**
 * Image statistics meant to follow the attack medium rather than the
 * person (issue 14 exploration, not served): spectrum band ratios of the
 * face at the picture's own pixel scale (a screen's pixel grid and moire
 * live there; resampling would alias them) and at a fixed 128-px framing,
 * sharpness of the face against the rest of the picture (a replayed or
 * printed face is re-imaged as a flat object, so face and surround lose
 * detail together), specular and saturation statistics, and colour-gamut
 * statistics (screens and prints reproduce a smaller, shifted gamut).
 */
import { boxToAffine, warpToImage, type BBox, type RawImage } from '@facelab/core';
import { powerSpectrum } from '../src/fft.ts';

export const STAT_NAMES = [
  // Native-scale spectrum of the central face patch: fractions of the non-DC power per band (cycles/pixel), peakiness of the top band, axis-vs-diagonal ratio.
  'nat_b1', 'nat_b2', 'nat_b3', 'nat_b4', 'nat_peak', 'nat_axis',
  // The same on the face at 1.0x the box resampled to 128 px.
  'fix_b1', 'fix_b2', 'fix_b3', 'fix_b4', 'fix_peak', 'fix_axis',
  // Sharpness (log Laplacian variance, native pixels) of the face, of the picture outside the box, their difference; Laplacian over gradient energy.
  'sharp_face', 'sharp_out', 'sharp_diff', 'lap_grad',
  // Saturation and value percentiles, specular and clipped fractions on the face.
  'sat_p10', 'sat_p50', 'sat_p90', 'val_p01', 'val_p50', 'val_p99', 'specular', 'clip_hi', 'clip_lo',
  // Colour gamut: chroma spread (log eigenvalues of the Cb/Cr covariance), chroma ranges, hue concentration, channel ratios, chroma p99.
  'chroma_l1', 'chroma_l2', 'cb_range', 'cr_range', 'hue_conc', 'log_rg', 'log_bg', 'chroma_p99',
  // Face against surround: luma and saturation differences.
  'luma_diff', 'sat_diff',
] as const;

const BAND_EDGES = [0.0625, 0.125, 0.25, 0.375, 0.5];

/** Band fractions, top-band peakiness and axis/diagonal ratio of a grey n x n patch. */
function spectrumStats(grey: Float64Array, n: number): number[] {
  const power = powerSpectrum(grey, n);
  const bands = [0, 0, 0, 0];
  let total = 0;
  let axis = 0;
  let diagonal = 0;
  const top: number[] = [];
  for (let v = 0; v < n; v++) {
    const fv = (v < n / 2 ? v : v - n) / n;
    for (let u = 0; u < n; u++) {
      const fu = (u < n / 2 ? u : u - n) / n;
      const r = Math.hypot(fu, fv);
      if (r === 0 || r > 0.5) continue;
      const p = power[v * n + u];
      total += p;
      for (let b = 0; b < 4; b++) if (r >= BAND_EDGES[b] && r < BAND_EDGES[b + 1]) bands[b] += p;
      if (r >= 0.25) {
        top.push(p);
        // Within 10 degrees of an axis versus within 10 degrees of a diagonal.
        const angle = Math.atan2(Math.abs(fv), Math.abs(fu));
        if (angle < 0.175 || angle > Math.PI / 2 - 0.175) axis += p;
        else if (Math.abs(angle - Math.PI / 4) < 0.175) diagonal += p;
      }
    }
  }
  top.sort((a, b) => b - a);
  const med = top[Math.floor(top.length / 2)] || 1e-12;
  const peak = Math.log((top.slice(0, 8).reduce((a, b) => a + b, 0) / 8 + 1e-12) / (med + 1e-12));
  return [...bands.map((b) => Math.log((b + 1e-12) / (total + 1e-12))), peak, Math.log((axis + 1e-12) / (diagonal + 1e-12))];
}

function greyOf(image: RawImage): Float64Array {
  const out = new Float64Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) out[i] = (0.299 * image.data[i * 3] + 0.587 * image.data[i * 3 + 1] + 0.114 * image.data[i * 3 + 2]) / 255;
  return out;
}

/** log variance of the 4-neighbour Laplacian and of the gradient over the pixels `inside` selects. */
function sharpness(grey: Float64Array, w: number, h: number, inside: (x: number, y: number) => boolean): { lap: number; grad: number; count: number } {
  let n = 0;
  let s = 0;
  let s2 = 0;
  let g2 = 0;
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      if (!inside(x, y)) continue;
      const i = y * w + x;
      const l = grey[i - 1] + grey[i + 1] + grey[i - w] + grey[i + w] - 4 * grey[i];
      const gx = grey[i + 1] - grey[i - 1];
      const gy = grey[i + w] - grey[i - w];
      n++;
      s += l;
      s2 += l * l;
      g2 += gx * gx + gy * gy;
    }
  if (n === 0) return { lap: Math.log(1e-8), grad: Math.log(1e-8), count: 0 };
  return { lap: Math.log(s2 / n - (s / n) ** 2 + 1e-8), grad: Math.log(g2 / n + 1e-8), count: n };
}

const percentile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];

/** The statistics of one face (STAT_NAMES order); `bbox` normalised. */
export function imageStats(picture: RawImage, bbox: BBox): number[] {
  const { width: W, height: H } = picture;
  const bx = Math.max(0, bbox[0] * W);
  const by = Math.max(0, bbox[1] * H);
  const bw = Math.min(W, bbox[2] * W) - bx;
  const bh = Math.min(H, bbox[3] * H) - by;
  // Native patch: the largest power of two (16..128) that fits in the central 70% of the box, unresampled.
  const fit = Math.min(bw, bh) * 0.7;
  let n = 16;
  while (n * 2 <= Math.min(128, fit)) n *= 2;
  const cx = bx + bw / 2;
  const cy = by + bh / 2;
  const native = warpToImage(picture, boxToAffine(Math.round(cx - n / 2), Math.round(cy - n / 2), n, n, n, n), n, n);
  const nat = spectrumStats(greyOf(native), n);
  const side = Math.max(bw, bh);
  const face = warpToImage(picture, boxToAffine(cx - side / 2, cy - side / 2, side, side, 128, 128), 128, 128);
  const fix = spectrumStats(greyOf(face), 128);

  const grey = greyOf(picture);
  const inBox = (x: number, y: number): boolean => x >= bx && x < bx + bw && y >= by && y < by + bh;
  const f = sharpness(grey, W, H, inBox);
  const o = sharpness(grey, W, H, (x, y) => !inBox(x, y));
  const sharpOut = o.count >= 200 ? o.lap : f.lap;

  // Colour on the 128-px face.
  const count = 128 * 128;
  const sat = new Float64Array(count);
  const val = new Float64Array(count);
  const cbs = new Float64Array(count);
  const crs = new Float64Array(count);
  const chroma = new Float64Array(count);
  let specular = 0;
  let clipHi = 0;
  let clipLo = 0;
  let hx = 0;
  let hy = 0;
  let rs = 0;
  let gs = 0;
  let bs = 0;
  let lumaFace = 0;
  for (let i = 0; i < count; i++) {
    const r = face.data[i * 3] / 255;
    const g = face.data[i * 3 + 1] / 255;
    const b = face.data[i * 3 + 2] / 255;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    val[i] = max;
    sat[i] = max > 0 ? (max - min) / max : 0;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    lumaFace += y / count;
    cbs[i] = 0.564 * (b - y);
    crs[i] = 0.713 * (r - y);
    chroma[i] = Math.hypot(cbs[i], crs[i]);
    if (max > 0.92 && sat[i] < 0.15) specular++;
    if (max > 0.98) clipHi++;
    if (max < 0.04) clipLo++;
    // Hue as an angle in the Cb/Cr plane, weighted by chroma: concentration is the resultant length.
    hx += cbs[i];
    hy += crs[i];
    rs += r;
    gs += g;
    bs += b;
  }
  let mcb = 0;
  let mcr = 0;
  for (let i = 0; i < count; i++) {
    mcb += cbs[i] / count;
    mcr += crs[i] / count;
  }
  let sbb = 0;
  let srr = 0;
  let sbr = 0;
  let chromaSum = 0;
  for (let i = 0; i < count; i++) {
    sbb += (cbs[i] - mcb) ** 2 / count;
    srr += (crs[i] - mcr) ** 2 / count;
    sbr += ((cbs[i] - mcb) * (crs[i] - mcr)) / count;
    chromaSum += chroma[i];
  }
  const tr = sbb + srr;
  const det = sbb * srr - sbr * sbr;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const sortedSat = Float64Array.from(sat).sort();
  const sortedVal = Float64Array.from(val).sort();
  const sortedCb = Float64Array.from(cbs).sort();
  const sortedCr = Float64Array.from(crs).sort();
  const sortedChroma = Float64Array.from(chroma).sort();

  // Surround: every picture pixel outside the box (luma and saturation means), else the face's own.
  let lumaOut = 0;
  let satOut = 0;
  let outCount = 0;
  for (let y = 0; y < H; y += 2)
    for (let x = 0; x < W; x += 2) {
      if (inBox(x, y)) continue;
      const i = (y * W + x) * 3;
      const r = picture.data[i] / 255;
      const g = picture.data[i + 1] / 255;
      const b = picture.data[i + 2] / 255;
      const max = Math.max(r, g, b);
      lumaOut += 0.299 * r + 0.587 * g + 0.114 * b;
      satOut += max > 0 ? (max - Math.min(r, g, b)) / max : 0;
      outCount++;
    }
  const satFace = sat.reduce((a, v) => a + v, 0) / count;
  const enough = outCount >= 50;
  return [
    ...nat,
    ...fix,
    f.lap,
    sharpOut,
    f.lap - sharpOut,
    f.lap - f.grad,
    percentile(sortedSat, 0.1),
    percentile(sortedSat, 0.5),
    percentile(sortedSat, 0.9),
    percentile(sortedVal, 0.01),
    percentile(sortedVal, 0.5),
    percentile(sortedVal, 0.99),
    specular / count,
    clipHi / count,
    clipLo / count,
    Math.log(tr / 2 + disc + 1e-8),
    Math.log(Math.max(1e-8, tr / 2 - disc)),
    percentile(sortedCb, 0.95) - percentile(sortedCb, 0.05),
    percentile(sortedCr, 0.95) - percentile(sortedCr, 0.05),
    Math.hypot(hx, hy) / (chromaSum + 1e-8),
    Math.log((rs + 1) / (gs + 1)),
    Math.log((bs + 1) / (gs + 1)),
    percentile(sortedChroma, 0.99),
    enough ? lumaFace - lumaOut / outCount : 0,
    enough ? satFace - satOut / outCount : 0,
  ];
}
