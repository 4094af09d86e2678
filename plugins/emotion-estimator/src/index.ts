/**
 * @facelab/emotion-estimator: seven emotion confidences per face (angry,
 * disgusted, scared, happy, neutral, sad, surprised; summing to 1) from
 * faceplugin's expression network (FER-2013 classes). Serves `emotion-estimator`.
 */
import { definePlugin, type Plugin, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { emotionUnit, type EmotionUnitOptions } from './plugin.ts';

export { emotionUnit, type EmotionUnitOptions } from './plugin.ts';
export { EMOTION_MODEL, EMOTION_EMBED_MODEL, EMOTION_HEAD_MODEL, MINI_XCEPTION_MODEL, SERVED_EMOTION_MODEL, checkEntry, type EmotionModel } from './models.ts';
export { toEmotions } from './postprocess.ts';

export type EmotionEstimatorOptions = EmotionUnitOptions;

/**
 * The emotion-estimator plugin: unit `emotion` and service
 * `emotion-estimator` (detect, then emotion; process/sample starts at
 * emotion and needs face boxes). Needs @facelab/face-detector installed
 * beside it for process/image.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [faceDetector(), emotionEstimator()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * // POST /emotion-estimator/v1/process/image -> objects[i].emotions = [{emotion: "ANGRY", confidence}, ...]
 * ```
 */
export function emotionEstimator(options: EmotionEstimatorOptions = {}): Plugin {
  return definePlugin({
    name: 'emotion-estimator',
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector'],
    units: [emotionUnit(options)],
    services: [{ name: 'emotion-estimator', pipeline: ['detect', 'emotion'], sampleStart: 'emotion' }],
  });
}
