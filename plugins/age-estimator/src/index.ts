/**
 * @facelab/age-estimator: the age of each face in years, from faceres (the
 * HSE MobileNet age/gender network) on a crop around the face box, levelled
 * on the eyes when the face has eye points. Serves `age-estimator`.
 */
import { definePlugin, type Plugin, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { ageUnit, type AgeUnitOptions } from './plugin.ts';

export { ageUnit, faceresModels, pickFaces, type AgeUnitOptions } from './plugin.ts';
export { createFaceresRunner, type FaceresEstimate, type FaceresOptions, type FaceresRunner } from './faceres.ts';
export { AGE_HEAD, FACERES, GENDER_HEAD, HEAD_FEATURES, checkEntry, type FaceresModel } from './models.ts';
export { cropAffine, cropBatch, faceCrop, frameCrops, type CropGeometry, type FaceCrop } from './preprocess.ts';
export { ageFromBins, expectedAge, mergeMirrors, topTwoAge, type AgeRule } from './postprocess.ts';

export type AgeEstimatorOptions = AgeUnitOptions;

/**
 * The age-estimator plugin: unit `age` and service `age-estimator`
 * (detect, then age; process/sample starts at age and needs face boxes).
 * Needs @facelab/face-detector installed beside it for process/image.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [faceDetector(), ageEstimator()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * // POST /age-estimator/v2/process/image -> objects[i].age === "25"
 * ```
 */
export function ageEstimator(options: AgeEstimatorOptions = {}): Plugin {
  return definePlugin({
    name: 'age-estimator',
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector'],
    units: [ageUnit(options)],
    services: [{ name: 'age-estimator', pipeline: ['detect', 'age'], sampleStart: 'age' }],
  });
}
