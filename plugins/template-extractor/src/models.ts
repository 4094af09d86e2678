/**
 * The descriptor model and the facts it was trained with: dlib's ResNet-34
 * face descriptor (128-d, trained by Davis King on about 3 million faces,
 * weights public domain), as face-api.js ships it and as
 * models/builders/faceapi-resnet34.ts rebuilds it into models/manifest.json
 * under the id `faceapi-resnet34`. Input: dlib's 150x150 face chip (the
 * mean face shape with 0.25 padding), RGB, (pixel - mean) / 255 with
 * face-api's per-channel mean; output: the raw 128-d descriptor.
 */
import type { TensorLayout } from '@facelab/core';

export interface DescriptorModel {
  id: string;
  input: string;
  output: string;
  tensor: TensorLayout;
  /** Length of the descriptor. */
  size: number;
  /** dlib chip padding: the mean face shape's unit square spans [pad, 1 + pad] of a (1 + 2 pad) chip. */
  padding: number;
}

export const FACEAPI_RESNET34: DescriptorModel = Object.freeze({
  id: 'faceapi-resnet34',
  input: 'input',
  output: 'descriptor',
  tensor: Object.freeze({
    width: 150,
    height: 150,
    layout: 'nchw',
    channels: 'rgb',
    mean: Object.freeze([122.782, 117.001, 104.298]),
    std: Object.freeze([255, 255, 255]),
  }) as TensorLayout,
  size: 128,
  padding: 0.25,
});
