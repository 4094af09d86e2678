/**
 * The crop `fr-liveness` (a MiniFASNet-style network after
 * Silent-Face-Anti-Spoofing) expects: a square around the centre of a face
 * box, `scale` times the box's longer side, shrunk when the picture is too
 * small for it and shifted (never cut) to stay inside the picture, then
 * resized to 128x128. The unit's box is the located face's frame
 * (locate-face.ts: set by the eyes and mouth, 1.64 x 1.88 eye-to-mouth
 * distances), not the box that arrived, so the scales here are multiples
 * of that frame.
 *
 * Upstream (Silent-Face's CropImage, faceplugin's alignLivenessImage) scales
 * the box's width and height separately by min(scale, (H-1)/h, (W-1)/w) and
 * stretches the result to the model's square input. Our detector's box is
 * close to square (the face oval), so the square of the longer side keeps
 * the same context without stretching the face; the leave-one-source-out
 * evaluation compares both (`train/candidates.ts`).
 */
import { boxToAffine, type Affine, type BBox } from '@facelab/core';

/** Upstream's context factor for the 2.7 model. */
export const SPOOF_CROP_SCALE = 2.7;

/**
 * The factor the service uses: 1.2x the box's longer side, the framing of
 * the training face crops (median 1.23 of the box's longer side, where the
 * 2.7 square is cut down to the picture). Loose pictures then look to the
 * model like the tight crops the head was trained on; at 2.7 the model
 * calls most of face-api's demo faces (live people) spoof.
 */
export const SERVED_CROP_SCALE = 1.2;

export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The face box in picture pixels from a normalised `[x1, y1, x2, y2]` bbox. */
export function boxPixels(bbox: BBox, width: number, height: number): PixelRect {
  return { x: bbox[0] * width, y: bbox[1] * height, w: (bbox[2] - bbox[0]) * width, h: (bbox[3] - bbox[1]) * height };
}

/**
 * The square crop in picture pixels: side `scale` x max(w, h), or the
 * picture's shorter side when that is smaller; centred on the box, then
 * shifted to lie inside the picture.
 */
export function spoofSquare(box: PixelRect, width: number, height: number, scale = SPOOF_CROP_SCALE): PixelRect {
  const side = Math.min(scale * Math.max(box.w, box.h), width, height);
  const x = shiftInside(box.x + box.w / 2 - side / 2, side, width);
  const y = shiftInside(box.y + box.h / 2 - side / 2, side, height);
  return { x, y, w: side, h: side };
}

/**
 * Upstream's rectangle: width and height scaled by the same factor, at most
 * `scale`, so that neither exceeds the picture; centred, then shifted inside.
 */
export function spoofRectangle(box: PixelRect, width: number, height: number, scale = SPOOF_CROP_SCALE): PixelRect {
  const s = Math.min(scale, width / box.w, height / box.h);
  const w = box.w * s;
  const h = box.h * s;
  return { x: shiftInside(box.x + box.w / 2 - w / 2, w, width), y: shiftInside(box.y + box.h / 2 - h / 2, h, height), w, h };
}

/** The map from a `size` x `size` model input onto the crop. */
export function spoofAffine(crop: PixelRect, size: number): Affine {
  return boxToAffine(crop.x, crop.y, crop.w, crop.h, size, size);
}

function shiftInside(start: number, length: number, limit: number): number {
  return Math.max(0, Math.min(start, limit - length));
}
