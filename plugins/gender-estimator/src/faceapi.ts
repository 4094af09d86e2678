/**
 * face-api's age/gender net (models/builders/faceapi-age-gender.ts,
 * manifest id `faceapi-age-gender`): 112x112 RGB minus face-api's mean,
 * over 255, NCHW; `gender` holds [P(male), P(female)].
 *
 * face-api crops the box of its 68 points padded by 20 % (10 % each side),
 * pads that to a square with black and resizes it. Here the crop is the
 * square around the located face's canonical frame (the detector-like box
 * predicted from the face's points) at the same 1.2 margin, so no black
 * bars; face-api trained on UTKFace among others, so its UTKFace figures
 * are not figures on unseen faces (see the README's LFW check).
 */
import type { TensorLayout } from '@facelab/core';
import type { CropGeometry } from '@facelab/age-estimator';

export const FACEAPI_AGE_GENDER = Object.freeze({
  id: 'faceapi-age-gender',
  input: 'input',
  size: 112,
  tensor: Object.freeze({ width: 112, height: 112, layout: 'nchw', channels: 'rgb', mean: [122.782, 117.001, 104.298], std: [255, 255, 255] }) as TensorLayout,
  gender: 'gender',
  age: 'age',
  crop: Object.freeze({ scale: 1.2, levelAbove: 10 }) as CropGeometry,
});
