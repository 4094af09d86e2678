/**
 * The two models of the mask unit and the facts they were trained with.
 *
 * Features come from faceres (HSE, via Human), the model the age and gender
 * units already load: its 1024-d `global_pooling/Mean` on a whole-face crop.
 * The head is this project's own: a small MLP trained by ../train on those
 * features (models/trained/mask-head.onnx), whose single output is P(mask).
 */
import type { TensorLayout } from '@facelab/core';

/** Manifest id of the feature model and the tensor names read from it. */
export const FEATURE_MODEL = {
  id: 'faceres',
  input: 'input_1',
  output: 'global_pooling/Mean',
  size: 1024,
} as const;

/** Manifest id of the trained head: `features` [N, 1024] in, `mask` [N, 1] (a probability) out. */
export const HEAD_MODEL = {
  id: 'mask-head',
  input: 'features',
  output: 'mask',
} as const;

/** faceres's upstream preprocessing: 224x224 BGR, ImageNet-Caffe means subtracted, no scaling. */
export const FEATURE_LAYOUT: TensorLayout = {
  width: 224,
  height: 224,
  layout: 'nhwc',
  channels: 'bgr',
  mean: [103.939, 116.779, 123.68],
  std: [1, 1, 1],
};

/** Default decision threshold on P(mask); the `mask_threshold` query parameter overrides it. */
export const DEFAULT_MASK_THRESHOLD = 0.5;
