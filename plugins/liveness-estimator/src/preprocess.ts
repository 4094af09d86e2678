/**
 * What the liveness unit feeds its models: for every face, the model crop
 * warped into the `antispoof` and `liveness` tensors (one batch each, in
 * each model's own colour order and scale) and the cue crop as an RGB
 * picture for the measured cues.
 */
import { cropLength, warpToImage, warpToTensor, type RawImage } from '@facelab/core';
import { CUE_CROP, frameAffine, MODEL_CROP, type FaceFrame } from './crop.ts';
import type { ScoreModel } from './models.ts';

/** Side of the cue crop in pixels (a power of two for the FFT). */
export const CUE_SIZE = 128;

/** One batch for `model`: every face's model crop, at consecutive offsets. */
export function modelBatch(picture: RawImage, frames: readonly FaceFrame[], model: ScoreModel): Float32Array {
  const length = cropLength(model.tensor);
  const batch = new Float32Array(frames.length * length);
  frames.forEach((frame, i) => warpToTensor(picture, frameAffine(frame, MODEL_CROP, model.size), model.tensor, batch, i * length));
  return batch;
}

/** The inner-face crop the cues are measured on. */
export function cueCrop(picture: RawImage, frame: FaceFrame): RawImage {
  return warpToImage(picture, frameAffine(frame, CUE_CROP, CUE_SIZE), CUE_SIZE, CUE_SIZE);
}
