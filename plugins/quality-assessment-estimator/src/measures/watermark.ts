/**
 * Watermark: overlaid text or logo strokes on the face. Skin is smooth at
 * the crop's scale; the strokes of printed text are thin lines of a steady
 * colour with sharp edges. A morphological top-hat (the plane minus its
 * opening, and its closing minus the plane, over a 5x5 square) keeps
 * exactly the structures thinner than 4 px, bright or dark. Pixels whose
 * top-hat exceeds a contrast floor (20 luma levels, or 4 noise sigmas if
 * that is higher, so grain does not count) are grouped into 8-connected
 * components; components at least a fifth of the inter-eye distance long
 * are strokes (pores, freckles and make-up dots are shorter). The raw value
 * is the share of bare skin those strokes cover; the score maps it to 0..1
 * with 1 - exp(-share / 0.08).
 *
 * The crop used is always at the full crop scale (preprocess.ts), and a
 * face under 24 px between the eyes is not searched (share 0: strokes
 * cannot be told from features at that size).
 *
 * Own method: ISO/IEC 29794-5 and OFIQ have no watermark measure. Only the
 * face's skin is searched, so a mark confined to the background or a corner
 * is not seen; thin dark spectacle rims on the cheeks can read as strokes.
 */
import { maskBounds, subMask, subPlane, type Mask, type Plane } from '../pixels.ts';

const RADIUS = 2;
/** Shortest stroke in pixels, whatever the face's size: on a tiny face every feature is a few pixels long. */
const MIN_STROKE_PX = 6;

/** Separable minimum (or, with `max`, maximum) over a (2 radius + 1) square, edges clamped. */
function rankFilter(data: Float32Array, width: number, height: number, radius: number, max: boolean): Float32Array {
  const sign = max ? -1 : 1;
  const tmp = new Float32Array(data.length);
  const out = new Float32Array(data.length);
  // Minimum of sign * value: one comparison direction serves both filters.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const to = x + radius >= width ? width - 1 : x + radius;
      let v = sign * data[row + (x - radius < 0 ? 0 : x - radius)];
      for (let k = (x - radius < 0 ? 0 : x - radius) + 1; k <= to; k++) {
        const d = sign * data[row + k];
        if (d < v) v = d;
      }
      tmp[row + x] = v;
    }
  }
  for (let y = 0; y < height; y++) {
    const from = y - radius < 0 ? 0 : y - radius;
    const to = y + radius >= height ? height - 1 : y + radius;
    for (let x = 0; x < width; x++) {
      let v = tmp[from * width + x];
      for (let k = from + 1; k <= to; k++) {
        const d = tmp[k * width + x];
        if (d < v) v = d;
      }
      out[y * width + x] = sign * v;
    }
  }
  return out;
}

/** max(white top-hat, black top-hat) per pixel. */
export function topHat(plane: Plane, radius = RADIUS): Float32Array {
  const { width, height, data } = plane;
  const opened = rankFilter(rankFilter(data, width, height, radius, false), width, height, radius, true);
  const closed = rankFilter(rankFilter(data, width, height, radius, true), width, height, radius, false);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.max(data[i] - opened[i], closed[i] - data[i]);
  return out;
}

/**
 * Share of the skin mask covered by stroke components. `ied` is the
 * inter-eye distance in crop pixels, `noise` the noise sigma in luma levels.
 */
export function strokeShare(full: Plane, fullSkin: Mask, ied: number, noise: number): number {
  // Only the skin's bounding box (plus the filter's reach) matters.
  const bounds = maskBounds(fullSkin, 2 * RADIUS + 1);
  if (!bounds) return 0;
  const plane = subPlane(full, bounds);
  const skin = subMask(fullSkin, bounds);
  const { width, height } = plane;
  const hat = topHat(plane);
  const floor = Math.max(20, 4 * (Number.isFinite(noise) ? noise : 0));
  const on = new Uint8Array(hat.length);
  let skinCount = 0;
  for (let i = 0; i < hat.length; i++) {
    if (!skin.data[i]) continue;
    skinCount++;
    if (hat[i] > floor) on[i] = 1;
  }
  if (skinCount === 0) return 0;
  const minLength = Math.max(MIN_STROKE_PX, ied / 5);
  const label = new Int32Array(hat.length);
  const stack: number[] = [];
  let covered = 0;
  let next = 0;
  for (let start = 0; start < on.length; start++) {
    if (!on[start] || label[start]) continue;
    next++;
    label[start] = next;
    stack.push(start);
    const members: number[] = [];
    let x0 = width;
    let x1 = -1;
    let y0 = height;
    let y1 = -1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      members.push(i);
      const x = i % width;
      const y = (i - x) / width;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          const j = yy * width + xx;
          if (on[j] && !label[j]) {
            label[j] = next;
            stack.push(j);
          }
        }
      }
    }
    if (Math.hypot(x1 - x0 + 1, y1 - y0 + 1) >= minLength) covered += members.length;
  }
  return covered / skinCount;
}

/** 0..1 likelihood of a watermark: 1 - exp(-share / 0.08); clean faces cover at most about 3 % with stroke-like detail, drawn text 20 %. */
export function watermarkScore(share: number): number {
  return 1 - Math.exp(-share / 0.08);
}
