/**
 * Face crops for the attribute models: a square around the face's
 * canonical frame (core's FaceFrame: the detector-like box predicted from
 * the face's points, found inside whatever box arrived), scaled by a
 * model-specific factor and levelled on the eye line when the face leans
 * further than the model saw in training, warped into one batch tensor
 * with the model's colour order and normalisation.
 * Mirrored crops (for test-time flip averaging) follow the plain ones in
 * the same batch.
 */
import { cropLength, rotatedSquareAffine, warpToTensor, type Affine, type BBox, type Point, type FaceFrame, type RawImage, type TensorLayout } from '@facelab/core';

/** A square crop in picture pixels; angle in radians of the crop's x axis. */
export interface FaceCrop {
  cx: number;
  cy: number;
  side: number;
  angle: number;
}

/** How a model wants its face framed. */
export interface CropGeometry {
  /** Crop side over the face box's larger side. */
  scale: number;
  /**
   * Roll in degrees up to which the crop stays upright: the rotation range
   * the model was trained with, within which levelling gains nothing and
   * costs resampling (and black corners on tightly cropped pictures).
   */
  levelAbove: number;
  /**
   * How far below the box centre the crop is centred, in box heights
   * (along the face's own down direction); 0 when absent. With the
   * canonical frame, scale and down reproduce the framing of the model's
   * training pictures (see FRAMINGS in the models' files).
   */
  down?: number;
}

/**
 * The crop of a normalised box on a `width` x `height` picture: centred on
 * the box, side = `scale` x the box's larger side, rotated so the eye line
 * is horizontal when it leans more than `levelAbove` degrees.
 */
export function faceCrop(box: BBox, width: number, height: number, geometry: CropGeometry, eyes?: [Point, Point]): FaceCrop {
  const w = (box[2] - box[0]) * width;
  const h = (box[3] - box[1]) * height;
  let angle = 0;
  let roll = 0;
  if (eyes) {
    const dx = (eyes[1][0] - eyes[0][0]) * width;
    const dy = (eyes[1][1] - eyes[0][1]) * height;
    // Coincident eye points (a profile seen edge-on) give no direction.
    if (Math.hypot(dx, dy) > 0.02 * Math.max(w, h)) roll = Math.atan2(dy, dx);
    if (Math.abs(roll) > (geometry.levelAbove * Math.PI) / 180) angle = roll;
  }
  const shift = (geometry.down ?? 0) * h;
  return {
    cx: ((box[0] + box[2]) / 2) * width - Math.sin(roll) * shift,
    cy: ((box[1] + box[3]) / 2) * height + Math.cos(roll) * shift,
    side: Math.max(w, h) * geometry.scale,
    angle,
  };
}

/** The affine map from a `size` x `size` model input to the picture; `mirror` flips the crop left-right. */
export function cropAffine(crop: FaceCrop, size: number, mirror = false): Affine {
  const m = rotatedSquareAffine(crop.cx, crop.cy, crop.side, crop.angle, size);
  // Output u maps to what u' = size - u mapped to.
  return mirror ? [-m[0], m[1], m[2] + m[0] * size, -m[3], m[4], m[5] + m[3] * size] : m;
}

/** The crops of the given face frames. */
export function frameCrops(frames: FaceFrame[], width: number, height: number, geometry: CropGeometry): FaceCrop[] {
  return frames.map((f) => faceCrop(f.box, width, height, geometry, f.eyes));
}

/**
 * One batch tensor: every crop, then (with `mirror`) every crop mirrored,
 * so item i and item n + i are the same face.
 */
export function cropBatch(picture: RawImage, crops: FaceCrop[], layout: TensorLayout, mirror: boolean): { data: Float32Array; count: number } {
  const length = cropLength(layout);
  const count = crops.length * (mirror ? 2 : 1);
  const data = new Float32Array(length * count);
  crops.forEach((c, i) => {
    warpToTensor(picture, cropAffine(c, layout.width), layout, data, i * length);
    if (mirror) warpToTensor(picture, cropAffine(c, layout.width, true), layout, data, (crops.length + i) * length);
  });
  return { data, count };
}
