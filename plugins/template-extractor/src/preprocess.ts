/**
 * Crops for a descriptor: each face's aligned crops (one per zoom of the
 * model) and their mirror images, written into one NCHW batch. The
 * mirror is the crop's rows reversed, which is exactly what warping through
 * the mirrored map would sample (pixel u of the mirror is pixel size-1-u).
 */
import { cropLength, warpToTensor, type Affine, type RawImage, type SampleObject } from '@facelab/core';
import { arcfaceAffine, chipAffine } from './align.ts';
import type { DescriptorModel } from './models.ts';

/** The crop-to-picture map of one face for `model`'s alignment (`zoom`: see arcfaceAffine; the dlib chip does not zoom). */
export function faceAffine(picture: RawImage, object: SampleObject, index: number, model: DescriptorModel, zoom = 1): Affine {
  const side = model.tensor.width;
  return model.alignment === 'arcface' ? arcfaceAffine(object, picture.width, picture.height, side, index, zoom) : chipAffine(object, picture.width, picture.height, side, model.padding, index);
}

/**
 * One batch tensor for `faces` (with their indices in the request, for
 * error locations): for face i and zoom k (of `model.zooms`, Z of them),
 * the crop at 2 (i Z + k) and its mirror right after.
 */
export function chipBatch(picture: RawImage, faces: readonly { object: SampleObject; index: number }[], model: DescriptorModel): Float32Array {
  const { tensor, zooms } = model;
  const { width } = tensor;
  const length = cropLength(tensor);
  const affines = faces.flatMap(({ object, index }) => zooms.map((zoom) => faceAffine(picture, object, index, model, zoom)));
  const batch = new Float32Array(2 * affines.length * length);
  affines.forEach((m, i) => {
    const chip = 2 * i * length;
    warpToTensor(picture, m, tensor, batch, chip);
    const mirror = chip + length;
    // NCHW: every row of every channel plane, reversed.
    for (let row = 0; row < length / width; row++) {
      const from = chip + row * width;
      const to = mirror + row * width;
      for (let u = 0; u < width; u++) batch[to + u] = batch[from + width - 1 - u];
    }
  });
  return batch;
}
