/**
 * The detector model and the facts it was trained with: MediaPipe BlazeFace
 * "back camera" (full-frame) 256x256, as converted into models/manifest.json
 * under the id `blazeface-back`. Facts from the MediaPipe model card and the
 * graph: RGB in [-1, 1], batch 1, two anchor grids, 16 regressors per anchor
 * (box centre offset and size in input pixels, then six keypoints).
 */
import type { TensorLayout } from '@facelab/core';

export interface AnchorLayer {
  stride: number;
  /** Cells per side. */
  grid: number;
  /** Identical anchors per cell. */
  perCell: number;
  /** Output names of the layer's score logits and regressors. */
  scores: string;
  boxes: string;
}

export interface DetectorModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  layers: readonly AnchorLayer[];
  /** Floats per anchor row in the regressor outputs. */
  regressors: number;
  keypoints: number;
  /** How the model's box maps onto the face box this server reports (see FACE_BOX). */
  faceBox: BoxAdjust;
}

/**
 * A fixed change of box geometry: centre shift as a fraction of the box
 * side, and size factors. BlazeFace's boxes are square and run from the
 * brows to the chin; the face box we report spans the face oval (top of the
 * forehead to chin, cheek to cheek), as manual face annotations do.
 */
export interface BoxAdjust {
  dx: number;
  dy: number;
  width: number;
  height: number;
}

export const BLAZEFACE_BACK: DetectorModel = Object.freeze({
  id: 'blazeface-back',
  input: 'input',
  size: 256,
  tensor: Object.freeze({ width: 256, height: 256, layout: 'nhwc', channels: 'rgb', mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] }) as TensorLayout,
  layers: Object.freeze([
    { stride: 16, grid: 16, perCell: 2, scores: 'Identity', boxes: 'Identity_2' },
    { stride: 32, grid: 8, perCell: 6, scores: 'Identity_1', boxes: 'Identity_3' },
  ]),
  regressors: 16,
  keypoints: 6,
  // Medians of (468-point mesh extent) / (BlazeFace box) over 173 near-frontal
  // faces in natural photos that are not eval data (shared/train/mask's
  // unmasked andrewmvd crops, face-api demo photos). Aligned CelebA portrait
  // crops read smaller (0.92, 1.05) and were left out.
  faceBox: Object.freeze({ dx: 0, dy: -0.045, width: 0.94, height: 1.08 }),
});

/**
 * The face check for uncertain detections: MediaPipe Face Mesh's face
 * flag (`facemesh` in the manifest; RGB [0, 1], 192x192 crop of 1.5x the
 * box, levelled on the eyes; the flag output is already a probability).
 */
export interface FaceCheckModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  flag: string;
  /** Crop side over the detector's box side. */
  cropScale: number;
}

export const FACEMESH_FLAG: FaceCheckModel = Object.freeze({
  id: 'facemesh',
  input: 'input_1',
  size: 192,
  tensor: Object.freeze({ width: 192, height: 192, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
  flag: 'Identity_1',
  cropScale: 1.5,
});
