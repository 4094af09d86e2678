/**
 * Draws a mask onto an unmasked face from its 468-point mesh (MediaPipe
 * topology, pixel coordinates): the outline runs over the nose and the
 * cheeks and along the jaw below the chin; the fill is shaded by mask
 * coordinates (pleats, a seam or a fold, a light gradient, texture, an
 * optional pattern) and scaled to the face's own exposure, and edges are
 * antialiased by 4x4 coverage.
 */
import type { RawImage } from '@facelab/core';
import type { MaskStyle } from './mask-style.ts';

type P = [number, number];

// Mesh indices (MediaPipe face mesh): jaw from one side over the chin to the other, and the mirror pairs used.
const JAW = [234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288, 361, 323, 454];
const BRIDGE = 6;
const NOSE_UPPER = 195;
const NOSE_TIP = 4;
const CHIN = 152;
const CHEEK = [116, 345];
const SIDE = [234, 454];
const SIDE_LOW = [93, 323];

const lerp = (a: P, b: P, t: number): P => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** Catmull-Rom through the points, `steps` per segment (open curve). */
function smooth(points: P[], steps: number): P[] {
  const out: P[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[Math.max(0, i - 1)];
    const p1 = points[i];
    const p2 = points[i + 1];
    const p3 = points[Math.min(points.length - 1, i + 2)];
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number): number => 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  out.push(points[points.length - 1]);
  return out;
}

/** The mask outline in pixels, and the frame used to shade it. */
export function maskOutline(pt: (i: number) => P, style: MaskStyle): { polygon: P[]; top: P; bottom: P; halfWidth: number } {
  const nose = pt(NOSE_TIP);
  const top = lerp(pt(BRIDGE), pt(NOSE_UPPER), style.top);
  const out = (p: P, k: number): P => [nose[0] + (p[0] - nose[0]) * k, nose[1] + (p[1] - nose[1]) * k];
  const sideK = 1.02 + style.width;
  const sides = SIDE.map((s, i) => out(lerp(pt(s), pt(SIDE_LOW[i]), 0.3 + 0.4 * style.top), sideK));
  const cheeks = CHEEK.map((c, i) => lerp(out(pt(c), 1 + style.width / 2), sides[i], 0.15));
  const upper = smooth([sides[0], cheeks[0], top, cheeks[1], sides[1]], 8);
  const jaw = JAW.slice(2, -2).map((i) => out(pt(i), 1.02 + style.drop));
  const lower = smooth([sides[1], ...jaw.reverse(), sides[0]], 4);
  const bottom = out(pt(CHIN), 1.02 + style.drop);
  const halfWidth = Math.hypot(sides[1][0] - sides[0][0], sides[1][1] - sides[0][1]) / 2;
  return { polygon: [...upper, ...lower.slice(1, -1)], top, bottom, halfWidth };
}

function inside(poly: P[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** A cheap deterministic per-pixel noise in [-1, 1]. */
function hashNoise(x: number, y: number): number {
  let h = Math.imul(x, 374761393) ^ Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return (((h ^ (h >>> 16)) >>> 0) / 4294967295) * 2 - 1;
}

function shade(style: MaskStyle, s: number, t: number): number {
  let k = 1 + style.light * (Math.cos(style.lightAngle) * s + Math.sin(style.lightAngle) * (t * 2 - 1)) / 2;
  // The mask curves away at the sides.
  k *= 0.78 + 0.22 * Math.sqrt(Math.max(0, 1 - s * s));
  // ...and turns under the chin, away from the light.
  k *= 1 - 0.25 * Math.max(0, t - 0.7) / 0.3;
  if (style.kind === 'surgical') {
    if (t < 0.07) k *= 1.06; // the stitched top hem
    const band = (t - 0.2) * style.pleats / 0.6;
    if (band > 0 && band < style.pleats) k *= 0.86 + 0.14 * (band - Math.floor(band)); // dark crease under each pleat
  } else if (style.kind === 'cloth') {
    k *= 1 - 0.25 * Math.exp(-((s / 0.03) ** 2)); // centre seam
  } else {
    k *= s < 0 ? 1 : 0.85; // the centre fold catches the light on one side
    k *= 1 - 0.3 * Math.exp(-((s / 0.02) ** 2));
  }
  return k;
}

function patternHit(style: MaskStyle, s: number, t: number): boolean {
  const c = Math.cos(style.patternAngle);
  const n = Math.sin(style.patternAngle);
  const u = (s * c - t * n) / style.patternScale;
  const v = (s * n + t * c) / style.patternScale;
  if (style.pattern === 'stripes') return u - Math.floor(u) < 0.4;
  if (style.pattern === 'check') return (Math.floor(u) + Math.floor(v)) % 2 === 0;
  if (style.pattern === 'dots') return (u - Math.floor(u) - 0.5) ** 2 + (v - Math.floor(v) - 0.5) ** 2 < 0.06;
  return false;
}

/** A copy of `image` with the mask drawn; `mesh` holds x, y(, z) per point in pixels, `stride` floats apart. */
export function drawMask(image: RawImage, mesh: Float32Array, stride: number, style: MaskStyle): RawImage {
  const pt = (i: number): P => [mesh[i * stride], mesh[i * stride + 1]];
  const { polygon, top, bottom, halfWidth } = maskOutline(pt, style);
  const data = Uint8Array.from(image.data);
  const { width: W, height: H } = image;
  let x0 = W;
  let y0 = H;
  let x1 = 0;
  let y1 = 0;
  for (const [x, y] of polygon) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const bx0 = Math.max(0, Math.floor(x0));
  const by0 = Math.max(0, Math.floor(y0));
  const bx1 = Math.min(W - 1, Math.ceil(x1));
  const by1 = Math.min(H - 1, Math.ceil(y1));
  // Exposure of the skin being covered, so the mask is lit like the face.
  let lum = 0;
  let count = 0;
  for (let y = by0; y <= by1; y += 2) {
    for (let x = bx0; x <= bx1; x += 2) {
      if (!inside(polygon, x + 0.5, y + 0.5)) continue;
      const p = (y * W + x) * 3;
      lum += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
      count++;
    }
  }
  const exposure = Math.min(1.15, Math.max(0.35, (count ? lum / count : 128) / 150));
  const axis: P = [bottom[0] - top[0], bottom[1] - top[1]];
  const len2 = axis[0] ** 2 + axis[1] ** 2;
  const across: P = [-axis[1] / Math.sqrt(len2), axis[0] / Math.sqrt(len2)];
  const centre = lerp(top, bottom, 0.5);
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      let cover = 0;
      for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) if (inside(polygon, x + (i + 0.5) / 4, y + (j + 0.5) / 4)) cover++;
      if (cover === 0) continue;
      const alpha = cover / 16;
      const dx = x + 0.5 - top[0];
      const dy = y + 0.5 - top[1];
      const t = Math.min(1, Math.max(0, (dx * axis[0] + dy * axis[1]) / len2));
      const s = Math.max(-1, Math.min(1, ((x + 0.5 - centre[0]) * across[0] + (y + 0.5 - centre[1]) * across[1]) / halfWidth));
      const base = patternHit(style, s, t) ? style.patternColor : style.color;
      const k = shade(style, s, t) * exposure;
      const grain = style.noise * hashNoise(x, y);
      const p = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = Math.max(0, Math.min(255, base[c] * k + grain));
        data[p + c] = Math.round(data[p + c] * (1 - alpha) + v * alpha);
      }
    }
  }
  if (style.loops) drawLoops(data, W, H, pt, polygon, style, exposure);
  return { width: W, height: H, data };
}

/** Ear loops: two thin bands from each side of the mask towards the ear. */
function drawLoops(data: Uint8Array, W: number, H: number, pt: (i: number) => P, polygon: P[], style: MaskStyle, exposure: number): void {
  const nose = pt(NOSE_TIP);
  const faceWidth = Math.hypot(pt(454)[0] - pt(234)[0], pt(454)[1] - pt(234)[1]);
  const thickness = Math.max(0.8, faceWidth / 70);
  const ears: P[] = [lerp(nose, pt(234), 1.12), lerp(nose, pt(454), 1.12)];
  const colour = style.kind === 'cloth' ? style.color : ([235, 235, 235] as const);
  for (const [side, ear] of ears.entries()) {
    // The polygon's extreme points on this side anchor the loops.
    const sorted = [...polygon].sort((a, b) => (side === 0 ? a[0] - b[0] : b[0] - a[0])).slice(0, 6);
    for (const anchor of [sorted[0], sorted[sorted.length - 1]]) {
      const steps = Math.ceil(Math.hypot(ear[0] - anchor[0], ear[1] - anchor[1]) * 2);
      for (let k = 0; k <= steps; k++) {
        const [cx, cy] = lerp(anchor, ear, k / steps);
        for (let y = Math.floor(cy - thickness); y <= Math.ceil(cy + thickness); y++) {
          for (let x = Math.floor(cx - thickness); x <= Math.ceil(cx + thickness); x++) {
            if (x < 0 || y < 0 || x >= W || y >= H) continue;
            const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
            const a = Math.max(0, Math.min(1, thickness / 2 + 0.5 - d)) * 0.8;
            if (a <= 0) continue;
            const p = (y * W + x) * 3;
            for (let c = 0; c < 3; c++) data[p + c] = Math.round(data[p + c] * (1 - a) + colour[c] * exposure * a);
          }
        }
      }
    }
  }
}
