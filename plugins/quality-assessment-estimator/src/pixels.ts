/**
 * Pixel planes the measures share: one-channel float images with the same
 * size as the face crop, boolean masks over them, and the two brightness
 * scales used here. "Luminance" is ISO/IEC 29794-5's (and OFIQ's): sRGB
 * decoded to linear light, Y = 0.2126 R + 0.7152 G + 0.0722 B, re-scaled to
 * 0..255 and rounded. "Luma" is the gamma-coded BT.601 grey the eye and JPEG
 * see, used where a measure reasons about visible structure (edges, noise,
 * strokes) rather than light.
 */

export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** 1 = the pixel belongs to the region. */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** sRGB code value (0..255) to linear light (0..1), the IEC 61966-2-1 curve. */
export function srgbToLinear(code: number): number {
  const c = code / 255;
  return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
}

function linearTable(): Float64Array {
  const table = new Float64Array(256);
  for (let i = 0; i < 256; i++) table[i] = srgbToLinear(i);
  return table;
}

/** ISO/IEC 29794-5 luminance of interleaved RGB, 0..255 integers. */
export function luminancePlane(rgb: Uint8Array, width: number, height: number): Plane {
  const lin = linearTable();
  const data = new Float32Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 3) {
    data[i] = Math.floor(255 * (0.2126 * lin[rgb[p]] + 0.7152 * lin[rgb[p + 1]] + 0.0722 * lin[rgb[p + 2]]) + 0.5);
  }
  return { width, height, data };
}

/** BT.601 luma of interleaved RGB, 0..255 (not rounded). */
export function lumaPlane(rgb: Uint8Array, width: number, height: number): Plane {
  const data = new Float32Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 3) data[i] = 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
  return { width, height, data };
}

export function emptyMask(width: number, height: number): Mask {
  return { width, height, data: new Uint8Array(width * height) };
}

export function countMask(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) n += mask.data[i];
  return n;
}

export function andMask(a: Mask, b: Mask): Mask {
  const out = emptyMask(a.width, a.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] & b.data[i];
  return out;
}

export function andNotMask(a: Mask, b: Mask): Mask {
  const out = emptyMask(a.width, a.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] & (1 - b.data[i]);
  return out;
}

/** Fills a polygon (any simple polygon, even-odd rule) at pixel centres. */
export function fillPolygon(mask: Mask, polygon: readonly (readonly [number, number])[]): Mask {
  const { width, height, data } = mask;
  const n = polygon.length;
  if (n < 3) return mask;
  const xs: number[] = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = polygon[i];
      const [xj, yj] = polygon[j];
      if (yi > cy !== yj > cy) xs.push(xi + ((cy - yi) / (yj - yi)) * (xj - xi));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(width - 1, Math.floor(xs[k + 1] - 0.5));
      for (let x = from; x <= to; x++) data[y * width + x] = 1;
    }
  }
  return mask;
}

/** Fills an ellipse with centre (cx, cy), semi-axes (rx, ry), rotated by `angle` radians. */
export function fillEllipse(mask: Mask, cx: number, cy: number, rx: number, ry: number, angle = 0): Mask {
  const { width, height, data } = mask;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const reach = Math.max(rx, ry);
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(height - 1, Math.ceil(cy + reach));
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(width - 1, Math.ceil(cx + reach));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      if (u * u + v * v <= 1) data[y * width + x] = 1;
    }
  }
  return mask;
}

/** Fills the axis-aligned rectangle [x0, x1) x [y0, y1), clipped to the mask. */
export function fillRect(mask: Mask, x0: number, y0: number, x1: number, y1: number): Mask {
  const { width, height, data } = mask;
  const ya = Math.max(0, Math.round(y0));
  const yb = Math.min(height, Math.round(y1));
  const xa = Math.max(0, Math.round(x0));
  const xb = Math.min(width, Math.round(x1));
  for (let y = ya; y < yb; y++) data.fill(1, y * width + xa, y * width + Math.max(xa, xb));
  return mask;
}

/** Binary erosion with a square of side 2 * radius + 1 (pixels outside count as 0). */
export function erodeMask(mask: Mask, radius: number): Mask {
  if (radius <= 0) return mask;
  const { width, height } = mask;
  const side = 2 * radius + 1;
  // Separable: a pixel survives a pass when the run of ones ending `radius` past it is at least `side` long.
  const horizontal = emptyMask(width, height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      run = mask.data[row + x] ? run + 1 : 0;
      if (run >= side) horizontal.data[row + x - radius] = 1;
    }
  }
  const out = emptyMask(width, height);
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y < height; y++) {
      run = horizontal.data[y * width + x] ? run + 1 : 0;
      if (run >= side) out.data[(y - radius) * width + x] = 1;
    }
  }
  return out;
}

/** The q-quantile (0..1) of values, by sorting a copy. NaN when empty. */
export function quantile(values: Float32Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float32Array.from(values).sort();
  const pos = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Normalised 256-bin histogram of integer values 0..255 under a mask; all zeros when the mask is empty. */
export function histogram256(plane: Plane, mask?: Mask): Float64Array {
  const hist = new Float64Array(256);
  let n = 0;
  for (let i = 0; i < plane.data.length; i++) {
    if (mask && !mask.data[i]) continue;
    const v = Math.min(255, Math.max(0, Math.round(plane.data[i])));
    hist[v]++;
    n++;
  }
  if (n > 0) for (let i = 0; i < 256; i++) hist[i] /= n;
  return hist;
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The mask's bounding box grown by `pad` (clipped), end-exclusive; undefined when the mask is empty. */
export function maskBounds(mask: Mask, pad = 0): Bounds | undefined {
  let x0 = mask.width;
  let y0 = mask.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (!mask.data[y * mask.width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  return { x0: Math.max(0, x0 - pad), y0: Math.max(0, y0 - pad), x1: Math.min(mask.width, x1 + 1 + pad), y1: Math.min(mask.height, y1 + 1 + pad) };
}

/** The part of a plane inside `b`. */
export function subPlane(plane: Plane, b: Bounds): Plane {
  const width = b.x1 - b.x0;
  const height = b.y1 - b.y0;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) data.set(plane.data.subarray((y + b.y0) * plane.width + b.x0, (y + b.y0) * plane.width + b.x1), y * width);
  return { width, height, data };
}

/** The part of a mask inside `b`. */
export function subMask(mask: Mask, b: Bounds): Mask {
  const width = b.x1 - b.x0;
  const height = b.y1 - b.y0;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(mask.data.subarray((y + b.y0) * mask.width + b.x0, (y + b.y0) * mask.width + b.x1), y * width);
  return { width, height, data };
}
