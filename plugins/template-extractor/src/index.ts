/**
 * @facelab/template-extractor: face templates from a MobileFaceNet
 * descriptor on faces aligned by their fitted points, and the template
 * format other plugins (verify-matcher) read.
 */
import type { Plugin } from '@facelab/core';
import { buildPlugin } from './plugin.ts';

export { extractUnit } from './plugin.ts';
export { FACEAPI_RESNET34, MOBILEFACENET, type DescriptorModel } from './models.ts';
export {
  CONTRACT_TEMPLATE_KEY,
  decodeTemplate,
  encodeTemplate,
  EMBEDDING_SIZE,
  formatName,
  MFN_FORMAT,
  R34_FORMAT,
  TEMPLATE_BYTES,
  TEMPLATE_DTYPE,
  TEMPLATE_FORMAT,
  TEMPLATE_FORMATS,
  TEMPLATE_KEY,
  TEMPLATE_MODEL,
  TEMPLATE_VERSION,
  templateBytes,
  type DecodedTemplate,
  type TemplateFormat,
} from './template.ts';

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
