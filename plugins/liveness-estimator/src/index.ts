/**
 * @facelab/liveness-estimator: says whether a face is a live person or a
 * presentation attack (a face replayed on a screen or printed), from the
 * embedding of a MiniFASNet-style anti-spoofing network (fr-liveness) and a
 * Deep Tree Network (dtn-antispoof) on crops of the located face, and a
 * calibrated head trained here. Serves `face-detector-liveness-estimator`
 * and `liveness-estimator`.
 */
import type { Plugin } from '@facelab/core';
import { buildPlugin, type LivenessEstimatorOptions } from './plugin.ts';

export { livenessUnit, type LivenessEstimatorOptions } from './plugin.ts';
export { DEFAULT_THRESHOLD } from './postprocess.ts';

/**
 * The liveness-estimator plugin: unit `liveness` (adds `liveness: {value,
 * confidence}`, value real or fake, confidence the probability of that
 * value) and its services; needs @facelab/face-detector and
 * @facelab/face-fitter for `detect` and `fit`; the unit itself needs only
 * each face's `bbox` (it locates the face inside it, or reads the fitter's
 * points when the object has them). A request may set `?liveness_threshold=0.4` (the
 * P(real) a face needs to be called real; default DEFAULT_THRESHOLD).
 *
 * Not a security control on its own: see the plugin README for the figures
 * and their limits.
 *
 * @example
 * ```ts
 * const app = await createImageApi({
 *   plugins: [faceDetector(), faceFitter(), livenessEstimator()],
 *   inference: createOrtBackend(),
 *   imageCodec: createSharpCodec(),
 * });
 * ```
 */
export function livenessEstimator(options: LivenessEstimatorOptions = {}): Plugin {
  return buildPlugin(options);
}
