/** Small geometry shared by the units: boxes, IoU, similarity transforms. */
import type { BBox, Point } from './sample.ts';

export function iou(a: BBox, b: BBox): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

export function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/** Clamps a normalised box to the picture. */
export function clampBox(box: BBox): BBox {
  return [clamp(box[0], 0, 1), clamp(box[1], 0, 1), clamp(box[2], 0, 1), clamp(box[3], 0, 1)];
}

/**
 * Greedy non-maximum suppression: indices of kept boxes, best first.
 * `scores` and `boxes` are parallel arrays.
 */
export function nms(boxes: BBox[], scores: number[], iouThreshold: number, maxOut = Infinity): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const keep: number[] = [];
  for (const i of order) {
    if (keep.length >= maxOut) break;
    if (keep.every((k) => iou(boxes[i], boxes[k]) <= iouThreshold)) keep.push(i);
  }
  return keep;
}

/**
 * Least-squares similarity transform (rotation, uniform scale, translation)
 * taking `from` points onto `to` points (Umeyama's closed form in 2D).
 * Returns [a, b, c, d, e, f] with x' = a x + b y + c, y' = d x + e y + f.
 */
export function similarityTransform(from: Point[], to: Point[]): [number, number, number, number, number, number] {
  const n = from.length;
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i][0];
    fy += from[i][1];
    tx += to[i][0];
    ty += to[i][1];
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let sxx = 0;
  let sxy = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const ax = from[i][0] - fx;
    const ay = from[i][1] - fy;
    const bx = to[i][0] - tx;
    const by = to[i][1] - ty;
    sxx += ax * bx + ay * by;
    sxy += ax * by - ay * bx;
    norm += ax * ax + ay * ay;
  }
  const a = sxx / norm;
  const b = sxy / norm;
  // x' = a x - b y + c ; y' = b x + a y + f
  return [a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy)];
}
