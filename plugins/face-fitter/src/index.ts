/**
 * @facelab/face-fitter: the 468-point face mesh (MediaPipe Face Mesh), the
 * contract's 21 named points and head pose; serves
 * `face-detector-face-fitter` together with @facelab/face-detector.
 */
import type { Plugin } from '@facelab/core';
import { buildPlugin, type FaceFitterOptions } from './plugin.ts';

export { fitUnit, FITTER_TYPE, type FaceFitterOptions } from './plugin.ts';
export { MESH_TO_POINTS } from './points.ts';
export { createFaceFramer, FRAMER_MODEL, MIN_MESH_SCORE, type FaceFramer, type FramedFaces } from './locate.ts';

/**
 * The face-fitter plugin: unit `fit` (adds landmarks with fitter_type
 * "facelab_mesh468", pose in degrees, and the mesh in `hints.mesh`) and
 * service `face-detector-face-fitter` (needs the face-detector plugin).
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [faceDetector(), faceFitter()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * ```
 */
export function faceFitter(options: FaceFitterOptions = {}): Plugin {
  return buildPlugin(options);
}
