/**
 * The face crop the mask head was trained on: a square centred on the face
 * box, its side the mean of the box's width and height, warped to faceres's
 * 224x224 input. Training (../train) builds its crops through the same
 * functions, so the two cannot drift apart.
 */
import { boxToAffine, cropLength, warpToTensor, type Affine, type BBox, type RawImage } from '@facelab/core';
import { FEATURE_LAYOUT } from './models.ts';

/** Box in source pixels: [x1, y1, x2, y2]. */
export type PixelBox = [number, number, number, number];

/** A normalised box in the pixels of a picture of the given size. */
export function toPixelBox(box: BBox, width: number, height: number): PixelBox {
  return [box[0] * width, box[1] * height, box[2] * width, box[3] * height];
}

/**
 * The affine map from the 224x224 crop to the picture. `mirror` flips the
 * crop left-right (training uses it for augmentation).
 */
export function faceCropAffine(box: PixelBox, mirror = false): Affine {
  const side = (box[2] - box[0] + box[3] - box[1]) / 2;
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const size = FEATURE_LAYOUT.width;
  const m = boxToAffine(cx - side / 2, cy - side / 2, side, side, size, size);
  // Output pixel u maps to x = c + a*u; mirrored, u maps to x = c + side - a*u.
  return mirror ? [-m[0], m[1], m[2] + side, m[3], m[4], m[5]] : m;
}

/** Fills one batch tensor with the crops of all boxes, in order. */
export function cropBatch(image: RawImage, boxes: PixelBox[]): Float32Array {
  const length = cropLength(FEATURE_LAYOUT);
  const out = new Float32Array(length * boxes.length);
  boxes.forEach((box, i) => warpToTensor(image, faceCropAffine(box), FEATURE_LAYOUT, out, i * length));
  return out;
}
