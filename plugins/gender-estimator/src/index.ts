/**
 * @facelab/gender-estimator: male or female for each face, by default from
 * faceres (the HSE MobileNet age/gender network) where faceres ages the
 * face 20 to 50 and from face-api's age/gender net elsewhere, on the same
 * crop as the age estimate. Serves `gender-estimator`.
 */
import { definePlugin, type Plugin, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { genderUnit, type GenderUnitOptions } from './plugin.ts';

export { genderUnit, type GenderSource, type GenderUnitOptions } from './plugin.ts';
export { AGE_GATE } from './age-gate.ts';
export { FACEAPI_AGE_GENDER, FACEAPI_MALE_THRESHOLD } from './faceapi.ts';
export { createFaceapiRunner, type FaceapiEstimate, type FaceapiRunner } from './faceapi-runner.ts';
export { DEFAULT_MALE_THRESHOLD } from './models.ts';
export { toGender } from './postprocess.ts';

export type GenderEstimatorOptions = GenderUnitOptions;

/**
 * The gender-estimator plugin: unit `gender` and service `gender-estimator`
 * (detect, then gender; process/sample starts at gender and needs face
 * boxes). Needs @facelab/face-detector installed beside it for process/image.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [faceDetector(), genderEstimator()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * // POST /gender-estimator/v1/process/image -> objects[i].gender === "FEMALE"
 * ```
 */
export function genderEstimator(options: GenderEstimatorOptions = {}): Plugin {
  return definePlugin({
    name: 'gender-estimator',
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector'],
    units: [genderUnit(options)],
    services: [{ name: 'gender-estimator', pipeline: ['detect', 'gender'], sampleStart: 'gender' }],
  });
}
