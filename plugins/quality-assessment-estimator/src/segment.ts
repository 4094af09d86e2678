/**
 * Person masks for the background measure: each face's aligned 616-unit
 * frame warped into the segmentation model's 256 x 256 input, all faces in
 * one batched run; the result stays in that frame (canonical unit x 256/616).
 */
import { float32Tensor, invertAffine, warpToTensor, type Affine, type ModelSession, type RawImage } from '@facelab/core';
import type { FaceGeometry } from './face.ts';
import { SEGMENTATION_LAYOUT, SEGMENTATION_MODEL } from './models.ts';
import { CANONICAL_SIZE, canonicalTransform } from './preprocess.ts';

/** Person probabilities over the aligned frame, one 256 x 256 map per face. */
export type PersonMap = Float32Array;

/** Output pixel (u, v) of the model's input to source pixels, for one face. */
export function segmentationAffine(toCanonical: Affine): Affine {
  const from = invertAffine(toCanonical);
  const k = CANONICAL_SIZE / SEGMENTATION_MODEL.size;
  return [from[0] * k, from[1] * k, from[2], from[3] * k, from[4] * k, from[5]];
}

export async function personMaps(session: ModelSession, image: RawImage, faces: FaceGeometry[]): Promise<PersonMap[]> {
  if (faces.length === 0) return [];
  const { size } = SEGMENTATION_MODEL;
  const plane = size * size * 3;
  const batch = new Float32Array(faces.length * plane);
  faces.forEach((face, i) => warpToTensor(image, segmentationAffine(canonicalTransform(face)), SEGMENTATION_LAYOUT, batch, i * plane));
  const out = await session.run({ [SEGMENTATION_MODEL.input]: float32Tensor(batch, [faces.length, size, size, 3]) }, [SEGMENTATION_MODEL.output]);
  const probabilities = out[SEGMENTATION_MODEL.output].data as Float32Array;
  return faces.map((_, i) => probabilities.subarray(i * size * size, (i + 1) * size * size));
}
