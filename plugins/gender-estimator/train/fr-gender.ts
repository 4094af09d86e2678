/**
 * faceplugin's fr_gender (faceplugin-face-recognition-js@0.0.1,
 * model/fr_gender.onnx; an SSR-Net: three stages of 3 bins, each with a
 * bin probability, a bin offset and a stage scale), batch fixed at 1.
 * Upstream (lib/fr_gender.js) crops its detector's box scaled 1.4 about
 * its centre, resizes it to 64x64 and feeds RGB as (x / 255 - ImageNet
 * mean) / ImageNet std, NCHW; the score is SSR-Net's soft stage-wise
 * regression (mergeGender with 3, 3, 3 bins and both lambdas 1), read as
 * 0 female to 1 male.
 */
import type { TensorLayout } from '@facelab/core';
import type { CropGeometry } from '@facelab/age-estimator';

export const FR_GENDER = Object.freeze({
  id: 'fr-gender',
  input: 'input',
  size: 64,
  tensor: Object.freeze({
    width: 64,
    height: 64,
    layout: 'nchw',
    channels: 'rgb',
    mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
    std: [0.229 * 255, 0.224 * 255, 0.225 * 255],
  }) as TensorLayout,
  /** Upstream's 1.4 box, here around the located face's canonical (detector-like) frame. */
  crop: Object.freeze({ scale: 1.4, levelAbove: 10 }) as CropGeometry,
  outputs: ['prob_stage_1', 'prob_stage_2', 'prob_stage_3', 'stage1_delta_k', 'stage2_delta_k', 'stage3_delta_k', 'index_offset_stage1', 'index_offset_stage2', 'index_offset_stage3'] as const,
});

/**
 * SSR-Net's score from the nine outputs of one face (`get(name)` its
 * values): the sum over stages of the expected bin index (bins shifted by
 * their offsets), each stage divided by the bin counts and widened scales
 * of the stages up to it.
 */
export function ssrGender(get: (name: string) => Float32Array): number {
  const bins = 3;
  let divisor = 1;
  let score = 0;
  for (let s = 1; s <= 3; s++) {
    const prob = get(`prob_stage_${s}`);
    const offset = get(`index_offset_stage${s}`);
    const delta = get(`stage${s}_delta_k`)[0];
    divisor *= bins * (1 + delta);
    let stage = 0;
    for (let i = 0; i < bins; i++) stage += (i + offset[i]) * prob[i];
    score += stage / divisor;
  }
  return score;
}
