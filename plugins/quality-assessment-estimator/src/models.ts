/**
 * The one model of the quality unit, and the facts it was trained with:
 * MediaPipe Selfie Segmentation (general, 256 x 256, Apache-2.0; manifest id
 * `selfie`), a person-probability map that finds the background the way
 * OFIQ finds it with its face-parsing network. It runs on the same aligned
 * 616-unit frame the other measures read (head and shoulders, as the model
 * was trained to see them), every face of a request in one batch. All other
 * measures are computed from pixels and the attributes earlier units (or
 * the client) put on the object.
 */
import type { TensorLayout } from '@facelab/core';

export const SEGMENTATION_MODEL = {
  id: 'selfie',
  input: 'input_1',
  /** [N, 256, 256, 1] person probability (a sigmoid). */
  output: 'activation_10',
  size: 256,
} as const;

/** Whole frame resized to 256 x 256, RGB scaled to [0, 1]. */
export const SEGMENTATION_LAYOUT: TensorLayout = {
  width: 256,
  height: 256,
  layout: 'nhwc',
  channels: 'rgb',
  mean: [0, 0, 0],
  std: [255, 255, 255],
};

/** A pixel is the person's when its probability reaches this. */
export const PERSON_THRESHOLD = 0.5;
