/**
 * The landmark model and its facts: MediaPipe Face Mesh (468 3D points on
 * a 192x192 face crop), converted into models/manifest.json as `facemesh`.
 * RGB in [0, 1]; the mesh comes out in crop pixels (z in about the same
 * scale, smaller = nearer the camera) and the face flag already sigmoided.
 */
import type { TensorLayout } from '@facelab/core';

export interface MeshModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  /** 468 x (x, y, z) per face. */
  mesh: string;
  /** Probability that the crop holds a face. */
  faceFlag: string;
  points: number;
}

export const FACEMESH: MeshModel = Object.freeze({
  id: 'facemesh',
  input: 'input_1',
  size: 192,
  tensor: Object.freeze({ width: 192, height: 192, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
  mesh: 'Identity_2',
  faceFlag: 'Identity_1',
  points: 468,
});
