/**
 * @facelab/template-extractor: face templates from dlib's ResNet-34
 * descriptor on faces aligned by their fitted points, and the template
 * format other plugins (verify-matcher) read.
 */
import type { Plugin } from '@facelab/core';
import { buildPlugin } from './plugin.ts';

export { extractUnit } from './plugin.ts';
export { FACEAPI_RESNET34, type DescriptorModel } from './models.ts';
export { decodeTemplate, encodeTemplate, EMBEDDING_SIZE, TEMPLATE_BYTES, TEMPLATE_DTYPE, TEMPLATE_KEY, TEMPLATE_MODEL, TEMPLATE_VERSION } from './template.ts';

/**
 * The template-extractor plugin: unit `extract` (adds `template` to each
 * face with landmarks) and services `template-extractor` (process/sample
 * takes fitted faces; process/image detects and fits first) and
 * `face-detector-template-extractor`. The `detect` and `fit` units come
 * from @facelab/face-detector and @facelab/face-fitter.
 *
 * @example
 * ```ts
 * const app = await createImageApi({
 *   plugins: [faceDetector(), faceFitter(), templateExtractor()],
 *   inference: createOrtBackend(),
 *   imageCodec: createSharpCodec(),
 * });
 * ```
 */
export function templateExtractor(): Plugin {
  return buildPlugin();
}
