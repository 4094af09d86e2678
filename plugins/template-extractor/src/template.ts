/**
 * The template format, version 1 of model `facelab_r34`: 132 bytes, the
 * same in v1 (`$template`) and v2 (`template: {"_face_template_extractor_facelab_r34_1":
 * {blob, format: "NDARRAY", dtype: "uint8", shape: [132]}}`).
 *
 *   bytes 0..3   "r34" and the version byte 1, so a v1 template (which
 *                carries no key) still says which model made it
 *   bytes 4..131 the L2-normalised 128-d embedding as int8, value / 256
 *                (components of a unit 128-d vector stay well inside
 *                +-0.496: the dev set's largest was 0.37)
 *
 * The int8 rounding moves the distance between two templates by about
 * 0.002 on average; on the dev pairs it changed no figure beyond noise.
 */
import { validationError, type HttpError, type Template } from '@facelab/core';

export const TEMPLATE_MODEL = 'facelab_r34';
export const TEMPLATE_VERSION = 1;
/** The v2 key that names the model and template version. */
export const TEMPLATE_KEY = `_face_template_extractor_${TEMPLATE_MODEL}_${TEMPLATE_VERSION}`;
export const TEMPLATE_DTYPE = 'uint8';
export const EMBEDDING_SIZE = 128;
const HEADER = Uint8Array.of(0x72, 0x33, 0x34, TEMPLATE_VERSION);
export const TEMPLATE_BYTES = HEADER.length + EMBEDDING_SIZE;
const SCALE = 256;

/** Packs a normalised embedding into a template. */
export function encodeTemplate(embedding: Float32Array): Template {
  if (embedding.length !== EMBEDDING_SIZE) throw new RangeError(`embedding has ${embedding.length} values, expected ${EMBEDDING_SIZE}`);
  const data = new Uint8Array(TEMPLATE_BYTES);
  data.set(HEADER);
  const q = new Int8Array(data.buffer, HEADER.length, EMBEDDING_SIZE);
  for (let i = 0; i < EMBEDDING_SIZE; i++) q[i] = Math.max(-127, Math.min(127, Math.round(embedding[i] * SCALE)));
  return { key: TEMPLATE_KEY, dtype: TEMPLATE_DTYPE, shape: [TEMPLATE_BYTES], data };
}

/**
 * Checks that a template is ours (key, dtype, shape, length, header) and
 * returns its embedding, L2-normalised again after dequantisation. `index`
 * is the object's place in the request; each problem is a 422 that says
 * what was expected.
 */
export function decodeTemplate(template: Template, index: number): Float32Array {
  // v2 always carries a key; v1 never does.
  const loc = template.key === null ? ['body', 'objects', index, '$template'] : ['body', 'objects', index, 'template', template.key];
  const fail = (msg: string, type: string): HttpError => validationError(loc, `Template of object ${index}: ${msg}`, type);
  if (template.key !== null && template.key !== TEMPLATE_KEY) {
    throw fail(`"${template.key}" was made by another model or template version; this server compares "${TEMPLATE_KEY}" templates`, 'value_error.template.model');
  }
  if (template.dtype !== null && template.dtype !== TEMPLATE_DTYPE) {
    throw fail(`dtype "${template.dtype}" is not "${TEMPLATE_DTYPE}"`, 'value_error.template.dtype');
  }
  if (template.shape !== null && (template.shape.length !== 1 || template.shape[0] !== TEMPLATE_BYTES)) {
    throw fail(`shape [${template.shape.join(', ')}] is not [${TEMPLATE_BYTES}]`, 'value_error.template.shape');
  }
  const { data } = template;
  if (data.length !== TEMPLATE_BYTES) {
    throw fail(`${data.length} bytes; a ${TEMPLATE_MODEL} v${TEMPLATE_VERSION} template has ${TEMPLATE_BYTES}`, 'value_error.template.size');
  }
  if (!HEADER.every((b, i) => data[i] === b)) {
    throw fail(`not a ${TEMPLATE_MODEL} v${TEMPLATE_VERSION} template (its header is not "r34" + version ${TEMPLATE_VERSION}); it was made by another model or version`, 'value_error.template.model');
  }
  const q = new Int8Array(data.buffer, data.byteOffset + HEADER.length, EMBEDDING_SIZE);
  const out = Float32Array.from(q, (v) => v / SCALE);
  const norm = Math.hypot(...out);
  if (!(norm > 0)) throw fail('the embedding is all zeros', 'value_error.template.empty');
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}
