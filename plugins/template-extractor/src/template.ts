/**
 * Template formats. Every template starts with a 4-byte header that names
 * the model and format version, so a template says where it came from even
 * in v1 (`$template`, which carries no key); the rest is the L2-normalised
 * embedding quantised with a fixed scale.
 *
 * - `facelab_mfn` v1 (current): the MobileFaceNet (`fr-feature`) 512-d
 *   embedding, header "mfn" + 1, emitted under the contract's key
 *   `_face_template_extractor_1000_12` (the key the Image API page and its
 *   clients use). Since the crops are taken at three zooms (models.ts) the
 *   embedding is the mean of six views instead of two; the format stays
 *   v1 because the embedding space is the same: a template of each kind of
 *   one photo lie 0.08 apart (median, dev photos), and mixed pairs
 *   separate as well as either kind alone at the same distances.
 * - `facelab_r34` v1 (the previous release): dlib's ResNet-34 128-d
 *   embedding, header "r34" + 1, 132 bytes, emitted under
 *   `_face_template_extractor_facelab_r34_1`. Still read: two such
 *   templates are compared with their own calibration.
 *
 * The quantisation: component v -> round(v / clip * L) clamped to +-L
 * (L = 2^(bits-1) - 1), stored as int8 (bits 8) or two's-complement
 * nibbles, high nibble first (bits 4). Decoding renormalises, so only the
 * direction matters.
 */
import { validationError, type HttpError, type Template } from '@facelab/core';

export interface TemplateFormat {
  /** Model name in the header and messages. */
  model: string;
  version: number;
  /** What made it, for messages. */
  description: string;
  /** The v2 key it is emitted under. */
  key: string;
  /** Header bytes: three ASCII letters and the version. */
  header: Uint8Array;
  /** Embedding length. */
  dims: number;
  /** Bits per component (8 or 4). */
  bits: 8 | 4;
  /** Components are clipped to +-clip before quantisation. */
  clip: number;
}

/** The key the Image API page stores v2 templates under (its clients read it by name). */
export const CONTRACT_TEMPLATE_KEY = '_face_template_extractor_1000_12';

function format(letters: string, version: number, fields: Omit<TemplateFormat, 'header' | 'version'>): TemplateFormat {
  return Object.freeze({ ...fields, version, header: Uint8Array.from([...letters].map((c) => c.charCodeAt(0)).concat(version)) });
}

export const MFN_FORMAT = format('mfn', 1, {
  model: 'facelab_mfn',
  description: 'MobileFaceNet fr-feature, 512-d',
  key: CONTRACT_TEMPLATE_KEY,
  dims: 512,
  // 4 bits clipped at 0.2 (about 4.5 standard deviations of a component): on
  // the dev pairs one genuine pair of 931 at FAR 1e-4 against float, half of int8's bytes.
  bits: 4,
  clip: 0.2,
});

export const R34_FORMAT = format('r34', 1, {
  model: 'facelab_r34',
  description: "dlib ResNet-34, 128-d (the previous release's template)",
  key: '_face_template_extractor_facelab_r34_1',
  dims: 128,
  bits: 8,
  // value * 256, as that release wrote it.
  clip: 127 / 256,
});

/** The format new templates are made in. */
export const TEMPLATE_FORMAT = MFN_FORMAT;
/** Every format this version reads. */
export const TEMPLATE_FORMATS: readonly TemplateFormat[] = Object.freeze([MFN_FORMAT, R34_FORMAT]);

export const TEMPLATE_KEY = TEMPLATE_FORMAT.key;
export const TEMPLATE_MODEL = TEMPLATE_FORMAT.model;
export const TEMPLATE_VERSION = TEMPLATE_FORMAT.version;
export const TEMPLATE_DTYPE = 'uint8';
export const EMBEDDING_SIZE = TEMPLATE_FORMAT.dims;

/** Bytes of a template of `f`. */
export function templateBytes(f: TemplateFormat): number {
  return f.header.length + (f.dims * f.bits) / 8;
}
export const TEMPLATE_BYTES = templateBytes(TEMPLATE_FORMAT);

/** `model vN (description)`, how messages name a format. */
export function formatName(f: TemplateFormat): string {
  return `${f.model} v${f.version} (${f.description})`;
}

/** Packs a normalised embedding into a template of format `f`. */
export function encodeTemplate(embedding: Float32Array, f: TemplateFormat = TEMPLATE_FORMAT): Template {
  if (embedding.length !== f.dims) throw new RangeError(`embedding has ${embedding.length} values, ${f.model} expects ${f.dims}`);
  const data = new Uint8Array(templateBytes(f));
  data.set(f.header);
  const levels = 2 ** (f.bits - 1) - 1;
  const q = (v: number): number => Math.max(-levels, Math.min(levels, Math.round((v / f.clip) * levels)));
  const body = data.subarray(f.header.length);
  if (f.bits === 8) for (let i = 0; i < f.dims; i++) body[i] = q(embedding[i]) & 0xff;
  else for (let i = 0; i < f.dims; i += 2) body[i >> 1] = ((q(embedding[i]) & 0xf) << 4) | (q(embedding[i + 1]) & 0xf);
  return { key: f.key, dtype: TEMPLATE_DTYPE, shape: [data.length], data };
}

export interface DecodedTemplate {
  format: TemplateFormat;
  /** The embedding, L2-normalised again after dequantisation. */
  embedding: Float32Array;
}

const sameHeader = (data: Uint8Array, f: TemplateFormat): boolean => data.length >= f.header.length && f.header.every((b, i) => data[i] === b);

/**
 * Checks a template (key, dtype, shape, header, length) against the formats
 * this version reads and returns its format and embedding. `index` is the
 * object's place in the request; each problem is a 422 that says what was
 * expected and, where it can, which model made the template.
 */
export function decodeTemplate(template: Template, index: number): DecodedTemplate {
  // v2 always carries a key; v1 never does.
  const loc = template.key === null ? ['body', 'objects', index, '$template'] : ['body', 'objects', index, 'template', template.key];
  const fail = (msg: string, type: string): HttpError => validationError(loc, `Template of object ${index}: ${msg}`, type);
  const { data } = template;
  const byHeader = TEMPLATE_FORMATS.find((f) => sameHeader(data, f));
  const known = TEMPLATE_FORMATS.map((f) => `${f.key} (${formatName(f)})`).join(', ');
  if (template.key !== null && !TEMPLATE_FORMATS.some((f) => f.key === template.key)) {
    throw fail(`"${template.key}" was made by another model or template version; this server reads ${known}`, 'value_error.template.model');
  }
  if (!byHeader) {
    throw fail(`its header names no model this server knows (${TEMPLATE_FORMATS.map((f) => `"${String.fromCharCode(...f.header.subarray(0, 3))}" + version ${f.version}`).join(', ')}); it was made by another model or version`, 'value_error.template.model');
  }
  if (template.key !== null && template.key !== byHeader.key) {
    throw fail(`the key says "${template.key}" but the blob's header says ${formatName(byHeader)}, which is stored under "${byHeader.key}"`, 'value_error.template.model');
  }
  const bytes = templateBytes(byHeader);
  if (template.dtype !== null && template.dtype !== TEMPLATE_DTYPE) {
    throw fail(`dtype "${template.dtype}" is not "${TEMPLATE_DTYPE}"`, 'value_error.template.dtype');
  }
  if (template.shape !== null && (template.shape.length !== 1 || template.shape[0] !== bytes)) {
    throw fail(`shape [${template.shape.join(', ')}] is not [${bytes}]`, 'value_error.template.shape');
  }
  if (data.length !== bytes) {
    throw fail(`${data.length} bytes; a ${formatName(byHeader)} template has ${bytes}`, 'value_error.template.size');
  }
  const body = data.subarray(byHeader.header.length);
  const out = new Float32Array(byHeader.dims);
  if (byHeader.bits === 8) for (let i = 0; i < out.length; i++) out[i] = (body[i] << 24) >> 24;
  else for (let i = 0; i < out.length; i++) out[i] = ((body[i >> 1] >> (i % 2 === 0 ? 4 : 0)) << 28) >> 28;
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw fail('the embedding is all zeros', 'value_error.template.empty');
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return { format: byHeader, embedding: out };
}
