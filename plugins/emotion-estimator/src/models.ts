/**
 * The emotion model and the facts it was trained with: oarriaga's
 * mini-Xception on FER-2013 (MIT), as converted into models/manifest.json
 * under `emotion`. Input 64x64 grayscale, (gray / 255 - 0.5) x 2; output a
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
}

export const EMOTION_MODEL: EmotionModel = Object.freeze({
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

/** Checks the declared facts (input, output, label order) against the manifest entry; throws naming what differs. */
export function checkEntry(model: EmotionModel, entry: ModelEntry): void {
  const problems: string[] = [];
  const input = entry.inputs.find((i) => i.name === model.input);
  if (!input) problems.push(`no input "${model.input}"`);
  else if (input.shape[1] !== model.size || input.shape[2] !== model.size || input.shape[3] !== 1) problems.push(`input ${JSON.stringify(input.shape)} is not ${model.size}x${model.size}x1`);
  // The manifest records each output's label order beside its name and shape.
  const output = entry.outputs.find((o) => o.name === model.output) as { labels?: unknown } | undefined;
  if (!output) problems.push(`no output "${model.output}"`);
  else if (Array.isArray(output.labels) && JSON.stringify(output.labels) !== JSON.stringify(model.labels)) {
    problems.push(`labels ${JSON.stringify(output.labels)} differ from ${JSON.stringify(model.labels)}`);
  }
  if (problems.length > 0) throw new Error(`Model "${model.id}" does not match what the emotion estimator expects: ${problems.join('; ')}`);
}
