/**
 * Face crops for the attribute models: a square around the face box,
 * scaled by a model-specific factor and levelled on the eye line when the
 * face carries eye points (the fitter's landmarks, else the detector's
 * keypoints) and leans further than the model saw in training, warped into
 * one batch tensor with the model's colour order and normalisation.
 * Mirrored crops (for test-time flip averaging) follow the plain ones in
 * the same batch.
 */
import { cropLength, rotatedSquareAffine, warpToTensor, type Affine, type BBox, type Point, type RawImage, type SampleObject, type TensorLayout } from '@facelab/core';

/** A square crop in picture pixels; angle in radians of the crop's x axis. */
export interface FaceCrop {
  cx: number;
  cy: number;
  side: number;
  angle: number;
}

/** The image-left then image-right eye of a face, normalised, when it has them. */
export function eyeLine(object: SampleObject): [Point, Point] | undefined {
  const { left_eye: left, right_eye: right } = object.landmarks?.points ?? {};
  if (left && right) return [left, right];
  const keypoints = object.hints?.detectorKeypoints;
  // BlazeFace order: subject-right eye (image left) first, then subject-left eye.
  if (keypoints && keypoints.length >= 2) return [keypoints[0], keypoints[1]];
  return undefined;
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
  if (eyes) {
    const dx = (eyes[1][0] - eyes[0][0]) * width;
    const dy = (eyes[1][1] - eyes[0][1]) * height;
    // Coincident eye points (a profile seen edge-on) give no direction.
    const roll = Math.atan2(dy, dx);
    if (Math.hypot(dx, dy) > 0.02 * Math.max(w, h) && Math.abs(roll) > (geometry.levelAbove * Math.PI) / 180) angle = roll;
  }
  return { cx: ((box[0] + box[2]) / 2) * width, cy: ((box[1] + box[3]) / 2) * height, side: Math.max(w, h) * geometry.scale, angle };
}

/** The affine map from a `size` x `size` model input to the picture; `mirror` flips the crop left-right. */
export function cropAffine(crop: FaceCrop, size: number, mirror = false): Affine {
  const m = rotatedSquareAffine(crop.cx, crop.cy, crop.side, crop.angle, size);
  // Output u maps to what u' = size - u mapped to.
  return mirror ? [-m[0], m[1], m[2] + m[0] * size, -m[3], m[4], m[5] + m[3] * size] : m;
}

/** The crops of the given faces (each must have a bbox). */
export function faceCrops(objects: SampleObject[], width: number, height: number, geometry: CropGeometry): FaceCrop[] {
  return objects.map((o) => faceCrop(o.bbox!, width, height, geometry, eyeLine(o)));
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
