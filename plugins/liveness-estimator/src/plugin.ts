/**
 * The liveness-estimator plugin value: the `liveness` unit and its two
 * services, `face-detector-liveness-estimator` (picture in: detect, fit,
 * liveness) and `liveness-estimator` (fitted face objects in). The `detect`
 * and `fit` units come from @facelab/face-detector and @facelab/face-fitter,
 * which must be installed beside it.
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import pkg from '../package.json' with { type: 'json' };
import { createEstimator } from './estimate.ts';
import { checkEntry, DTN_ANTISPOOF, EMBED_HEAD, FR_LIVENESS_EMBED } from './models.ts';
import { DEFAULT_THRESHOLD } from './postprocess.ts';

export const PLUGIN_NAME = 'liveness-estimator';

export interface LivenessEstimatorOptions {
  /** Default P(real) a face needs to be called real; a request may override it with `?liveness_threshold=`. */
  threshold?: number;
}

/** The `liveness` unit alone. */
export function livenessUnit(options: LivenessEstimatorOptions = {}): UnitDefinition {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`livenessEstimator: threshold must be between 0 and 1, got ${threshold}`);
  return {
    name: 'liveness',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['liveness'],
    models: [FR_LIVENESS_EMBED.id, DTN_ANTISPOOF.id, EMBED_HEAD.id, FRAMER_MODEL],
    async setup({ inference }) {
      checkEntry(inference.entry(FR_LIVENESS_EMBED.id), FR_LIVENESS_EMBED.input, FR_LIVENESS_EMBED.embedding, FR_LIVENESS_EMBED.tensor);
      checkEntry(inference.entry(DTN_ANTISPOOF.id), DTN_ANTISPOOF.input, DTN_ANTISPOOF.scores, DTN_ANTISPOOF.tensor);
      checkEntry(inference.entry(EMBED_HEAD.id), EMBED_HEAD.input, EMBED_HEAD.output);
      const [embed, dtn, head] = await Promise.all([FR_LIVENESS_EMBED.id, DTN_ANTISPOOF.id, EMBED_HEAD.id].map((id) => inference.load(id)));
      return createEstimator({ embed, dtn, head }, await createFaceFramer(inference), threshold);
    },
  };
}

export function buildPlugin(options: LivenessEstimatorOptions = {}): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector', '@facelab/face-fitter'],
    units: [livenessUnit(options)],
    services: [
      { name: 'face-detector-liveness-estimator', pipeline: ['detect', 'fit', 'liveness'] },
      { name: 'liveness-estimator', pipeline: ['detect', 'fit', 'liveness'], sampleStart: 'liveness' },
    ],
  });
}
