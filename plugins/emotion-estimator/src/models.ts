/**
 * The emotion models and the facts they were trained with. The earlier one:
 * oarriaga's mini-Xception on FER-2013 (MIT), as converted into
 * models/manifest.json under `emotion`. Input 64x64 grayscale, (gray / 255 - 0.5) x 2; output a
 * softmax over the seven FER-2013 classes in their dataset order.
 */
import type { Emotion, ModelEntry, TensorLayout } from '@facelab/core';
import type { CropGeometry } from '@facelab/age-estimator';

export interface EmotionModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  output: string;
  /** The model's class order. */
  labels: readonly string[];
  /** The contract's emotion for each model class. */
  contract: Readonly<Record<string, Emotion>>;
  crop: CropGeometry;
  /** Batch size fixed by the graph (1 for the faceplugin export); absent when any batch runs. */
  batch?: number;
  /** The output is logits (softmax applied here) rather than probabilities. */
  logits?: boolean;
  /**
   * Factors on each class's probability (then renormalised): a prior
   * correction that makes every class as likely as the others on average.
   */
  classWeights?: readonly number[];
  /** The graph output holding the pooled features a trained head reads (models with them exposed). */
  features?: string;
  /**
   * A trained head (models/trained/) reading `features` in one batch and
   * giving class probabilities in `labels` order; replaces `output`.
   */
  head?: { id: string; input: string; output: string };
  /** Average each face with its mirror image by default. */
  flip?: boolean;
  /** A second model over the same classes blended in by default (log-linear, `weight` on the second). */
  blend?: { model: EmotionModel; weight: number };
}

export const MINI_XCEPTION_MODEL: EmotionModel = Object.freeze({
  id: 'emotion',
  input: 'input_1',
  size: 64,
  tensor: Object.freeze({ width: 64, height: 64, layout: 'nhwc', channels: 'gray', mean: [127.5], std: [127.5] }) as TensorLayout,
  output: 'Identity',
  labels: Object.freeze(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']),
  contract: Object.freeze({ angry: 'angry', disgust: 'disgusted', fear: 'scared', happy: 'happy', sad: 'sad', surprise: 'surprised', neutral: 'neutral' }),
  // How FER-2013's 48x48 pictures frame the canonical face frame (plugins/age-estimator/train/framing.ts
  // on 190 training faces): the picture is 1.28 frame heights wide (quartiles 1.16 to 1.42) and centred
  // 0.01 frame heights above the frame's centre. Training rotated them by up to 10 degrees.
  crop: Object.freeze({ scale: 1.28, down: -0.01, levelAbove: 10 }),
});

/**
 * The shipped emotion model: faceplugin's expression network (manifest id
 * `fr-expression`), RGB / 255 at 224x224 (the FER-2013 grey faces go in as
 * grey RGB), batch fixed at 1, logits over the FER-2013 classes. On 2,000
 * held-out FER-2013 Training faces (whole pictures) it scores 64.7 % top-1
 * against 57.5 % for the mini-Xception (which was trained on those very
 * faces). The crop is the same FER-2013 framing as the mini-Xception's.
 */
export const EMOTION_MODEL: EmotionModel = Object.freeze({
  id: 'fr-expression',
  input: 'input',
  size: 224,
  tensor: Object.freeze({ width: 224, height: 224, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
  output: 'output',
  labels: Object.freeze(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']),
  contract: Object.freeze({ angry: 'angry', disgust: 'disgusted', fear: 'scared', happy: 'happy', sad: 'sad', surprise: 'surprised', neutral: 'neutral' }),
  crop: Object.freeze({ scale: 1.28, down: -0.01, levelAbove: 10 }),
  batch: 1,
  logits: true,
  // Fitted on 2,000 held-out FER-2013 Training faces (plugins/emotion-estimator/README.md): the network
  // reads sad far too often and disgust almost never. Fitted on one half, the weights raised the other
  // half's mean class recall from 58.7 to 67.1 % and from 61.6 to 72.0 % the other way round.
  classWeights: Object.freeze([0.659, 89.06, 0.991, 0.309, 0.054, 10.53, 1.068]),
});

/**
 * The expression network with its 1024 pooled features exposed as output
 * `1160` (manifest id `fr-expression-embed`, same weights): what the
 * trained head reads.
 */
export const EMOTION_EMBED_MODEL: EmotionModel = Object.freeze({ ...EMOTION_MODEL, id: 'fr-expression-embed', features: '1160' });

/**
 * The expression network's pooled features through the head trained on
 * FER-2013 Training faces (models/trained/emotion-head.json,
 * plugins/emotion-estimator/train): replaces the network's own classifier
 * and the prior correction.
 */
export const EMOTION_HEAD_MODEL: EmotionModel = Object.freeze({
  ...EMOTION_EMBED_MODEL,
  logits: false,
  classWeights: undefined,
  head: Object.freeze({ id: 'emotion-head', input: 'features', output: 'probabilities' }),
});

/**
 * The served default: the trained head with flip averaging (each face and
 * its mirror image through the network, the head's probabilities averaged),
 * blended log-linearly with the mini-Xception (also flip-averaged) at
 * weight 0.2; chosen by 5-fold cross-validation on 2,373 FER-2013 Training
 * faces (README): top-1 78.3 % against 76.6 % without the blend and 72.9 %
 * for the network's own classifier with the prior correction. The
 * mini-Xception was trained on FER-2013 Training, so its share is
 * flattered there.
 */
export const SERVED_EMOTION_MODEL: EmotionModel = Object.freeze({ ...EMOTION_HEAD_MODEL, flip: true, blend: Object.freeze({ model: MINI_XCEPTION_MODEL, weight: 0.2 }) });

/** Checks the declared facts (input, output, label order) against the manifest entry; throws naming what differs. */
export function checkEntry(model: EmotionModel, entry: ModelEntry): void {
  const problems: string[] = [];
  const input = entry.inputs.find((i) => i.name === model.input);
  if (!input) problems.push(`no input "${model.input}"`);
  else {
    const expected = model.tensor.layout === 'nhwc' ? [model.size, model.size, 1] : [3, model.size, model.size];
    if (JSON.stringify(input.shape.slice(1)) !== JSON.stringify(expected)) problems.push(`input ${JSON.stringify(input.shape)} is not ${expected.join('x')}`);
  }
  // The manifest records each output's label order beside its name and shape.
  const output = entry.outputs.find((o) => o.name === model.output) as { labels?: unknown } | undefined;
  if (!output) problems.push(`no output "${model.output}"`);
  else if (Array.isArray(output.labels) && JSON.stringify(output.labels) !== JSON.stringify(model.labels)) {
    problems.push(`labels ${JSON.stringify(output.labels)} differ from ${JSON.stringify(model.labels)}`);
  }
  if (model.head && !entry.outputs.some((o) => o.name === model.features)) problems.push(`no features output "${model.features}"`);
  if (problems.length > 0) throw new Error(`Model "${model.id}" does not match what the emotion estimator expects: ${problems.join('; ')}`);
}
