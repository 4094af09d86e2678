/**
 * @facelab/body-detector: finds people (NanoDet, COCO person class) in any
 * picture, large, cut-off and far-away ones included, and serves
 * `body-detector`.
 */
import type { Plugin } from '@facelab/core';
import type { BodyDetectorOptions } from './options.ts';
import { buildPlugin } from './plugin.ts';

export type { BodyDetectorOptions } from './options.ts';
export { detectBodyUnit } from './plugin.ts';

/**
 * The body-detector plugin: unit `detect-body` (adds id, class "body",
 * confidence and a normalised bbox covering the whole visible person) and
 * service `body-detector`. A request may set `?body_threshold=0.6`.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [bodyDetector()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * const res = await app.request('/body-detector/v2/process/image', { method: 'POST', body: form });
 * ```
 */
export function bodyDetector(options: BodyDetectorOptions = {}): Plugin {
  return buildPlugin(options);
}
