/**
 * @facelab/mask-estimator: whether each face wears a medical mask (v1
 * `mask`, v2 `has_medical_mask`, `{confidence, value}`), from faceres
 * features and a small head this project trains (see ../train).
 */
import { definePlugin, type Plugin, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { maskUnit, type MaskUnitOptions } from './plugin.ts';

export { maskUnit, type MaskUnitOptions } from './plugin.ts';
export { createMaskScorer, MASK_MODELS, type MaskScorer } from './scorer.ts';
export { maskThreshold, toMask } from './postprocess.ts';
export { faceCropAffine, cropBatch } from './preprocess.ts';
export { DEFAULT_MASK_THRESHOLD, FEATURE_MODEL, HEAD_MODEL } from './models.ts';

export type MaskEstimatorOptions = MaskUnitOptions;

/**
 * The mask-estimator plugin: unit `mask` and service `mask-estimator`
 * (detect, then mask; process/sample starts at mask and needs face boxes).
 *
 * @example
 * const app = createImageApi({ plugins: [faceDetector(), maskEstimator()], inference, imageCodec });
 * // POST /mask-estimator/v2/process/image?mask_threshold=0.6 -> objects[i].has_medical_mask
 */
export function maskEstimator(options: MaskEstimatorOptions = {}): Plugin {
  return definePlugin({
    name: 'mask-estimator',
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector'],
    units: [maskUnit(options)],
    services: [{ name: 'mask-estimator', pipeline: ['detect', 'mask'], sampleStart: 'mask' }],
  });
}
