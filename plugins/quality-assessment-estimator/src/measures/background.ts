/**
 * Background uniformity, after ISO/IEC 29794-5 and OFIQ: the mean length of
 * the luminance gradient (3x3 Scharr, as OpenCV's Sobel with ksize -1) over
 * the background, mapped as OFIQ maps it:
 * score = min(1, 1.9 x (1 - sigmoid((m - 10) / 100))).
 *
 * Where we differ: OFIQ finds the background with a face-parsing network;
 * we have none, so the background is the part of OFIQ's window (the aligned
 * frame less 62 units at each side and 108 at the bottom) that lies outside
 * a generous head ellipse (1.35 inter-eye distances wide on each side, from
 * the chin to 1.35 T above the eyes, hair included) and above the chin line
 * (below it are neck, shoulders and clothes), and inside the picture;
 * eroded by 2 px so the head's own edge does not count. Long hair falling
 * beside the face, or other people, count as background and lower the score.
 */
import type { FaceCrop } from '../preprocess.ts';
import { andNotMask, emptyMask, erodeMask, fillEllipse, fillRect, logistic, type Mask, type Plane } from '../pixels.ts';

/** The background mask of a crop; may be empty (face filling the picture). */
export function backgroundRegion(crop: FaceCrop): Mask {
  const { face, size, resolution: r } = crop;
  const window = fillRect(emptyMask(size, size), 62 * r, 0, size - 62 * r, size - 108 * r);
  const upX = (face.eyeMid[0] - face.chin[0]) / face.t;
  const upY = (face.eyeMid[1] - face.chin[1]) / face.t;
  const top = 1.35 * face.t;
  const centreOffset = (top - face.t) / 2;
  const head = fillEllipse(emptyMask(size, size), face.eyeMid[0] + upX * centreOffset, face.eyeMid[1] + upY * centreOffset, 1.35 * face.ied, (top + face.t) / 2, Math.atan2(upX, -upY));
  const body = emptyMask(size, size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Below the chin line: the projection on the face's up axis is under the chin's.
      if ((x + 0.5 - face.chin[0]) * upX + (y + 0.5 - face.chin[1]) * upY < 0) body.data[y * size + x] = 1;
    }
  }
  let mask = andNotMask(andNotMask(window, head), body);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] &= crop.inside.data[i];
  mask = erodeMask(mask, 2);
  return mask;
}

/** Mean Scharr gradient magnitude of the plane under the mask; NaN when the mask is empty. */
export function meanGradient(plane: Plane, mask: Mask): number {
  const { width, height, data } = plane;
  let sum = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!mask.data[i]) continue;
      const gx = 3 * (data[i - width + 1] - data[i - width - 1]) + 10 * (data[i + 1] - data[i - 1]) + 3 * (data[i + width + 1] - data[i + width - 1]);
      const gy = 3 * (data[i + width - 1] - data[i - width - 1]) + 10 * (data[i + width] - data[i - width]) + 3 * (data[i + width + 1] - data[i - width + 1]);
      sum += Math.hypot(gx, gy);
      n++;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** OFIQ's mapping of the mean gradient, divided by 100. */
export function backgroundScore(meanGradientValue: number): number {
  return Math.min(1, 1.9 * (1 - logistic((meanGradientValue - 10) / 100)));
}
