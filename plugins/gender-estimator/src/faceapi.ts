/**
 * face-api's age/gender net (models/builders/faceapi-age-gender.ts,
 * manifest id `faceapi-age-gender`): 112x112 RGB minus face-api's mean,
 * over 255, NCHW; `gender` holds [P(male), P(female)].
 *
 * face-api crops the box of its 68 points padded by 20 % (10 % each side),
 * pads that to a square with black and resizes it; it was trained on
 * UTKFace among others. Here the crop is the located face's canonical
 * frame framed the way UTKFace's aligned crops frame it (faceres's
 * geometry): on ../shared/train UTKFace faces that reads face-api best
 * (94.8 % gender against 93.2 % for face-api's own 1.2 margin around the
 * frame, 502 faces; apps/eval/scripts/gender-crop-sweep.ts). Being trained
 * on UTKFace, its UTKFace figures are not unseen-data figures (see the
 * README's LFW check).
 */
import type { TensorLayout } from '@facelab/core';
import { FACERES, type CropGeometry } from '@facelab/age-estimator';

/** face-api reads male when P(male) > 0.5. */
export const FACEAPI_MALE_THRESHOLD = 0.5;

export const FACEAPI_AGE_GENDER = Object.freeze({
  id: 'faceapi-age-gender',
  input: 'input',
  size: 112,
  tensor: Object.freeze({ width: 112, height: 112, layout: 'nchw', channels: 'rgb', mean: [122.782, 117.001, 104.298], std: [255, 255, 255] }) as TensorLayout,
  gender: 'gender',
  age: 'age',
  crop: FACERES.crop as CropGeometry,
});
