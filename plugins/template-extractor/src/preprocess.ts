/**
 * Crops for the descriptor: each face's aligned chip and its mirror image,
 * written into one NCHW batch (face i at 2i, its mirror at 2i + 1).
 */
import { cropLength, warpToTensor, type RawImage, type SampleObject } from '@facelab/core';
import { chipAffine, mirrorAffine } from './align.ts';
import type { DescriptorModel } from './models.ts';

/** One batch tensor for `faces` (with their indices in the request, for error locations). */
export function chipBatch(picture: RawImage, faces: readonly { object: SampleObject; index: number }[], model: DescriptorModel): Float32Array {
  const { tensor } = model;
  const size = tensor.width;
  const length = cropLength(tensor);
  const affines = faces.map(({ object, index }) => chipAffine(object, picture.width, picture.height, size, model.padding, index));
  const batch = new Float32Array(2 * faces.length * length);
  affines.forEach((m, i) => {
    warpToTensor(picture, m, tensor, batch, 2 * i * length);
    warpToTensor(picture, mirrorAffine(m, size), tensor, batch, (2 * i + 1) * length);
  });
  return batch;
}
