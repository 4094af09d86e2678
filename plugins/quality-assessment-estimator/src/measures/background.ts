/**
 * Background uniformity, after ISO/IEC 29794-5 and OFIQ: the mean length of
 * the luminance gradient (3x3 Scharr, as OpenCV's Sobel with ksize -1) over
 * the background, mapped as OFIQ maps it:
 * score = min(1, 1.9 x (1 - sigmoid((m - 10) / 100))).
 *
 * The background is OFIQ's window (the aligned frame less 62 units at each
 * side and 108 at the bottom), inside the picture, less every pixel the
 * person segmentation (models.ts) gives to a person, grown by 2 px (OFIQ
 * erodes its background mask the same way). OFIQ finds the person with a
 * face-parsing network; a person segmentation also leaves out other people
 * standing behind the subject, as face parsing does.
 *
 * Without a person map (the unit built with `segmentation: false`), the
 * background is the part of the window outside a generous head ellipse
 * (1.35 inter-eye distances wide on each side, from the chin to 1.35 T above
 * the eyes, hair included) and above the chin line; long hair beside the
 * face and other people then count as background and lower the score.
 */
import { PERSON_THRESHOLD, SEGMENTATION_MODEL } from '../models.ts';
import { CANONICAL_SIZE, type FaceCrop } from '../preprocess.ts';
import { andNotMask, emptyMask, erodeMask, fillEllipse, fillRect, logistic, type Mask, type Plane } from '../pixels.ts';
import type { PersonMap } from '../segment.ts';

/** The background mask of a crop; may be empty (face filling the picture). */
export function backgroundRegion(crop: FaceCrop, person?: PersonMap): Mask {
  const { size, resolution: r } = crop;
  const window = fillRect(emptyMask(size, size), 62 * r, 0, size - 62 * r, size - 108 * r);
  let mask = andNotMask(window, person ? personRegion(crop, person) : headAndBody(crop));
  for (let i = 0; i < mask.data.length; i++) mask.data[i] &= crop.inside.data[i];
  mask = erodeMask(mask, 2);
  return mask;
}

/** Crop pixels the segmentation gives to a person (nearest sample of the 256-pixel map of the aligned frame). */
function personRegion(crop: FaceCrop, person: PersonMap): Mask {
  const { size, resolution: r } = crop;
  const n = SEGMENTATION_MODEL.size;
  const k = n / (CANONICAL_SIZE * r);
  const mask = emptyMask(size, size);
  for (let v = 0; v < size; v++) {
    const mv = Math.min(n - 1, Math.floor((v + 0.5) * k));
    for (let u = 0; u < size; u++) {
      const mu = Math.min(n - 1, Math.floor((u + 0.5) * k));
      if (person[mv * n + mu] >= PERSON_THRESHOLD) mask.data[v * size + u] = 1;
    }
  }
  return mask;
}

/** Without segmentation: a head ellipse (hair included) and everything below the chin line. */
function headAndBody(crop: FaceCrop): Mask {
  const { face, size } = crop;
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
  for (let i = 0; i < body.data.length; i++) body.data[i] |= head.data[i];
  return body;
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
