/**
 * Test-only pixel degradations of real photos (not exported by the
 * package): each one damages the picture the way a measure should notice.
 * Deterministic (a seeded generator stands in for Math.random).
 */
import { warpToImage, type Point, type RawImage } from '@facelab/core';

function copy(image: RawImage): RawImage {
  return { width: image.width, height: image.height, data: Uint8Array.from(image.data) };
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** mulberry32: a small seeded 32-bit generator, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Separable Gaussian blur. */
export function gaussianBlur(image: RawImage, sigma: number): RawImage {
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const { width: W, height: H, data } = image;
  const tmp = new Float32Array(data.length);
  const out = new Uint8Array(data.length);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) {
    let s = 0;
    for (let k = -radius; k <= radius; k++) s += kernel[k + radius] * data[(y * W + Math.min(W - 1, Math.max(0, x + k))) * 3 + c];
    tmp[(y * W + x) * 3 + c] = s / total;
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) {
    let s = 0;
    for (let k = -radius; k <= radius; k++) s += kernel[k + radius] * tmp[(Math.min(H - 1, Math.max(0, y + k)) * W + x) * 3 + c];
    out[(y * W + x) * 3 + c] = clampByte(s / total);
  }
  return { width: W, height: H, data: out };
}

/** Adds zero-mean Gaussian noise of the given sigma (same draw to the three channels' luminance plus a little chroma). */
export function addNoise(image: RawImage, sigma: number, seed = 7): RawImage {
  const rand = seeded(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const out = copy(image);
  for (let i = 0; i < out.data.length; i += 3) {
    const n = gauss() * sigma;
    for (let c = 0; c < 3; c++) out.data[i + c] = clampByte(image.data[i + c] + n + 0.3 * sigma * gauss());
  }
  return out;
}

/** Multiplies every channel by `factor` (darkening below 1). */
export function scaleBrightness(image: RawImage, factor: number): RawImage {
  const out = copy(image);
  for (let i = 0; i < out.data.length; i++) out.data[i] = clampByte(image.data[i] * factor);
  return out;
}

/** Scales contrast about mid-grey by `factor` (flattening below 1). */
export function scaleContrast(image: RawImage, factor: number): RawImage {
  const out = copy(image);
  for (let i = 0; i < out.data.length; i++) out.data[i] = clampByte(128 + (image.data[i] - 128) * factor);
  return out;
}

/** A saturated white disc with a soft one-pixel rim: a specular hot spot. */
export function brightSpot(image: RawImage, centre: Point, radius: number): RawImage {
  const out = copy(image);
  const { width: W, height: H } = image;
  for (let y = Math.max(0, Math.floor(centre[1] - radius - 1)); y < Math.min(H, centre[1] + radius + 1); y++) {
    for (let x = Math.max(0, Math.floor(centre[0] - radius - 1)); x < Math.min(W, centre[0] + radius + 1); x++) {
      const a = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x + 0.5 - centre[0], y + 0.5 - centre[1])));
      for (let c = 0; c < 3; c++) out.data[(y * W + x) * 3 + c] = clampByte(out.data[(y * W + x) * 3 + c] * (1 - a) + 255 * a);
    }
  }
  return out;
}

/** Multiplies the pixels left of the vertical line x = split by `factor`: a face lit from one side. */
export function shadowLeft(image: RawImage, split: number, factor: number): RawImage {
  const out = copy(image);
  const { width: W, height: H } = image;
  for (let y = 0; y < H; y++) for (let x = 0; x < Math.min(W, Math.round(split)); x++) for (let c = 0; c < 3; c++) {
    out.data[(y * W + x) * 3 + c] = clampByte(image.data[(y * W + x) * 3 + c] * factor);
  }
  return out;
}

/** Strokes of capital letters as polylines in a 1 x 1.4 box (x right, y down). */
const GLYPHS: Record<string, number[][][]> = {
  S: [[[1, 0.1], [0.8, 0], [0.2, 0], [0, 0.2], [0, 0.5], [0.2, 0.7], [0.8, 0.7], [1, 0.9], [1, 1.2], [0.8, 1.4], [0.2, 1.4], [0, 1.3]]],
  A: [[[0, 1.4], [0.5, 0], [1, 1.4]], [[0.2, 0.9], [0.8, 0.9]]],
  M: [[[0, 1.4], [0, 0], [0.5, 0.8], [1, 0], [1, 1.4]]],
  P: [[[0, 1.4], [0, 0], [0.8, 0], [1, 0.2], [1, 0.5], [0.8, 0.7], [0, 0.7]]],
  L: [[[0, 0], [0, 1.4], [1, 1.4]]],
  E: [[[1, 0], [0, 0], [0, 1.4], [1, 1.4]], [[0, 0.7], [0.8, 0.7]]],
};

/**
 * Draws "SAMPLE" in strokes `thickness` px wide, letters `size` px wide,
 * starting at `origin`, repeated on `rows` lines `size * 2` apart, blended
 * with `opacity` in `colour` (a typical semi-transparent photo watermark).
 */
export function drawWatermark(image: RawImage, origin: Point, size: number, thickness: number, rows = 1, opacity = 0.8, colour = 255): RawImage {
  const out = copy(image);
  const { width: W, height: H } = image;
  const cover = new Float32Array(W * H);
  const segment = (a: Point, b: Point): void => {
    const r = thickness / 2;
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - r - 1));
    const x1 = Math.min(W - 1, Math.ceil(Math.max(a[0], b[0]) + r + 1));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - r - 1));
    const y1 = Math.min(H - 1, Math.ceil(Math.max(a[1], b[1]) + r + 1));
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy || 1;
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = Math.min(1, Math.max(0, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
      const d = Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy);
      const c = Math.min(1, Math.max(0, r + 0.5 - d));
      if (c > cover[y * W + x]) cover[y * W + x] = c;
    }
  };
  for (let row = 0; row < rows; row++) {
    let x = origin[0];
    const y = origin[1] + row * size * 2;
    for (const ch of 'SAMPLE') {
      for (const line of GLYPHS[ch]) {
        for (let k = 0; k + 1 < line.length; k++) segment([x + line[k][0] * size, y + line[k][1] * size], [x + line[k + 1][0] * size, y + line[k + 1][1] * size]);
      }
      x += size * 1.5;
    }
  }
  for (let i = 0; i < W * H; i++) {
    const a = cover[i] * opacity;
    if (a > 0) for (let c = 0; c < 3; c++) out.data[i * 3 + c] = clampByte(out.data[i * 3 + c] * (1 - a) + colour * a);
  }
  return out;
}

/** The sub-picture [x0, x1) x [y0, y1). */
export function cropImage(image: RawImage, x0: number, y0: number, x1: number, y1: number): RawImage {
  const w = x1 - x0;
  const h = y1 - y0;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) out.set(image.data.subarray(((y + y0) * image.width + x0) * 3, ((y + y0) * image.width + x1) * 3), y * w * 3);
  return { width: w, height: h, data: out };
}

/** Rotates the picture by `degrees` (clockwise on screen) about its centre, same size, corners black. */
export function rotateImage(image: RawImage, degrees: number): RawImage {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = image.width / 2;
  const cy = image.height / 2;
  // Output (u, v) reads the source at the inverse rotation about the centre.
  return warpToImage(image, [cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy], image.width, image.height);
}

/**
 * Closes an eye: every pixel of the ellipse (centre, half-width rx, half-height ry)
 * takes the colour of the skin just below it, mirrored about the ellipse's
 * lower edge, then the rows are blended towards their mean (a flattened lid).
 */
export function closeEye(image: RawImage, centre: Point, rx: number, ry: number): RawImage {
  const out = copy(image);
  const { width: W, height: H } = image;
  for (let y = Math.max(0, Math.floor(centre[1] - ry)); y <= Math.min(H - 1, Math.ceil(centre[1] + ry)); y++) {
    for (let x = Math.max(0, Math.floor(centre[0] - rx)); x <= Math.min(W - 1, Math.ceil(centre[0] + rx)); x++) {
      const u = (x + 0.5 - centre[0]) / rx;
      const v = (y + 0.5 - centre[1]) / ry;
      if (u * u + v * v > 1) continue;
      const edge = centre[1] + ry * Math.sqrt(1 - u * u);
      const sy = Math.min(H - 1, Math.round(2 * edge - y + 2));
      for (let c = 0; c < 3; c++) out.data[(y * W + x) * 3 + c] = image.data[(sy * W + x) * 3 + c];
    }
  }
  return out;
}

/** Paints everything outside `keep` (a predicate on pixel centres) with a flat grey. */
export function flattenOutside(image: RawImage, keep: (x: number, y: number) => boolean, grey = 200): RawImage {
  const out = copy(image);
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) {
    if (!keep(x + 0.5, y + 0.5)) out.data.fill(grey, (y * image.width + x) * 3, (y * image.width + x) * 3 + 3);
  }
  return out;
}

/** Fills a polygon with a light-blue "surgical mask", darker towards its lower edge. */
export function drawMask(image: RawImage, polygon: Point[]): RawImage {
  const out = copy(image);
  const ys = polygon.map((p) => p[1]);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  for (let y = Math.max(0, Math.floor(top)); y < Math.min(image.height, Math.ceil(bottom)); y++) {
    const cy = y + 0.5;
    const xs: number[] = [];
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i];
      const [xj, yj] = polygon[j];
      if (yi > cy !== yj > cy) xs.push(xi + ((cy - yi) / (yj - yi)) * (xj - xi));
    }
    xs.sort((a, b) => a - b);
    const shade = 1 - 0.25 * ((cy - top) / (bottom - top));
    for (let k = 0; k + 1 < xs.length; k += 2) {
      for (let x = Math.max(0, Math.ceil(xs[k] - 0.5)); x <= Math.min(image.width - 1, Math.floor(xs[k + 1] - 0.5)); x++) {
        const o = (y * image.width + x) * 3;
        out.data[o] = clampByte(165 * shade);
        out.data[o + 1] = clampByte(205 * shade);
        out.data[o + 2] = clampByte(230 * shade);
      }
    }
  }
  return out;
}
