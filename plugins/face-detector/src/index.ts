/**
 * @facelab/face-detector: finds faces (MediaPipe BlazeFace, full-frame
 * model, fused with Ultra-Light RFB-320) in any picture, small and masked
 * faces included, and serves `face-detector`.
 */
import type { Plugin } from '@facelab/core';
import { buildPlugin } from './plugin.ts';
import type { FaceDetectorOptions } from './options.ts';

export type { FaceDetectorOptions } from './options.ts';
export { detectUnit } from './plugin.ts';

/**
 * The face-detector plugin: unit `detect` (adds id, class "face",
 * confidence, bbox, and the six BlazeFace keypoints in `hints`) and service
 * `face-detector`. A request may set `?face_threshold=0.7`.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [faceDetector()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * ```
 */
export function faceDetector(options: FaceDetectorOptions = {}): Plugin {
  return buildPlugin(options);
}
