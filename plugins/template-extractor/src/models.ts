/**
 * The descriptor models and the facts they were trained with.
 *
 * - `faceapi-resnet34`: dlib's ResNet-34 face descriptor (128-d, trained by
 *   Davis King on about 3 million faces, weights public domain), as
 *   face-api.js ships it and models/builders/faceapi-resnet34.ts rebuilds
 *   it. Input: dlib's 150x150 face chip (the mean face shape with 0.25
 *   padding), RGB, (pixel - mean) / 255 with face-api's per-channel mean.
 * - `fr-feature`: a MobileFaceNet (512-d, compared by cosine) from the npm
 *   package faceplugin-face-recognition-js@0.0.1, taken unchanged. Input:
 *   the 112x112 crop of the five-point ArcFace alignment, BGR,
 *   (pixel - 127.5) / 128; its batch dimension is fixed at 1. The crop
 *   and its mirror are averaged (`zooms` below).
 */
import type { TensorLayout } from '@facelab/core';

export interface DescriptorModel {
  id: string;
  input: string;
  output: string;
  tensor: TensorLayout;
  /** Length of the descriptor. */
  size: number;
  /** How the crop is aligned: dlib's chip (with `padding`) or the five-point ArcFace template. */
  alignment: 'dlib-chip' | 'arcface';
  /** dlib chip padding: the mean face shape's unit square spans [pad, 1 + pad] of a (1 + 2 pad) chip. */
  padding: number;
  /** Largest batch the graph takes (1 when its batch dimension is fixed). */
  maxBatch: number;
  /**
   * The crops of each face whose descriptors are averaged (each with its
   * mirror): zooms of the ArcFace template about the crop centre (see
   * arcfaceAffine); [1] for one crop. Only the ArcFace alignment zooms.
   */
  zooms: readonly number[];
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
  alignment: 'dlib-chip',
  padding: 0.25,
  maxBatch: Infinity,
  zooms: Object.freeze([1]),
});

export const MOBILEFACENET: DescriptorModel = Object.freeze({
  id: 'fr-feature',
  input: 'input',
  output: 'output',
  tensor: Object.freeze({
    width: 112,
    height: 112,
    layout: 'nchw',
    channels: 'bgr',
    mean: Object.freeze([127.5, 127.5, 127.5]),
    std: Object.freeze([128, 128, 128]),
  }) as TensorLayout,
  size: 512,
  alignment: 'arcface',
  padding: 0,
  maxBatch: 1,
  // One crop (and its mirror). Zooms [1, 0.95, 1.05] were measured: on
  // the dev LFW pairs 3 of the 600 official pairs wrong instead of 4, EER
  // 0.64% instead of 0.75%, but on the calibration pairs (not dev) TAR at
  // FAR 1e-3 only 93.83% against 93.65%, within noise, for three times the
  // model time (six runs a face), so one zoom stays the default.
  zooms: Object.freeze([1]),
});
