/**
 * @facelab/quality-assessment-estimator: the 29 face-image quality fields
 * of the Image API (v1 `quality.qaa`, v2 flat `quality`), after ISO/IEC
 * 29794-5 and BSI's OFIQ where they define a measure, computed from pixels,
 * a person segmentation, and the face's landmarks, mesh, pose, mask and
 * emotions.
 */
import { definePlugin, type Plugin, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { qualityUnit, type QualityUnitOptions } from './plugin.ts';

export { qualityUnit, type QualityUnitOptions } from './plugin.ts';
export { assessFace, type Assessment } from './assess.ts';
export { qualityMeasures } from './postprocess.ts';
export { decide, DEFAULT_THRESHOLDS, type QualityDecisions, type QualityThresholds } from './thresholds.ts';
export { totalScore, componentQualities } from './total.ts';
export { SEGMENTATION_MODEL } from './models.ts';

export interface QualityAssessmentEstimatorOptions extends QualityUnitOptions {
  /**
   * Whether process/image runs the `mask` and `emotion` units before
   * `quality` (default true; both plugins must then be registered). Off, or
   * for process/sample without those attributes, the measures fall back to
   * their pixel and geometry tests (see measures/mask.ts, expression.ts).
   */
  mask?: boolean;
  emotion?: boolean;
}

/**
 * The quality-assessment-estimator plugin: unit `quality` and service
 * `quality-assessment-estimator` (process/image: detect, fit, mask,
 * emotion, quality; process/sample starts at quality and needs fitted faces).
 *
 * @example
 * const app = createImageApi({
 *   plugins: [faceDetector(), faceFitter(), maskEstimator(), emotionEstimator(), qualityAssessmentEstimator()],
 *   inference, imageCodec,
 * });
 * // POST /quality-assessment-estimator/v2/process/image -> objects[i].quality.total_score, ...
 */
export function qualityAssessmentEstimator(options: QualityAssessmentEstimatorOptions = {}): Plugin {
  const pipeline = ['detect', 'fit', ...(options.mask === false ? [] : ['mask']), ...(options.emotion === false ? [] : ['emotion']), 'quality'];
  return definePlugin({
    name: 'quality-assessment-estimator',
    ...pluginPackage(pkg),
    dependencies: [
      '@facelab/face-detector',
      '@facelab/face-fitter',
      ...(options.mask === false ? [] : ['@facelab/mask-estimator']),
      ...(options.emotion === false ? [] : ['@facelab/emotion-estimator']),
    ],
    units: [qualityUnit(options)],
    services: [{ name: 'quality-assessment-estimator', pipeline, sampleStart: 'quality' }],
  });
}
