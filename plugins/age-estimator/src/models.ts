/**
 * The model behind the age (and gender) estimates and the facts it was
 * trained with: faceres, the HSE MobileNet-v1 (A. Savchenko) with age and
 * gender heads, as converted into models/manifest.json under `faceres`.
 * Upstream feeds a face crop resized to 224x224, BGR minus the Caffe/VGGFace
 * means, no scaling; `age_pred/Softmax` holds 100 one-year bins whose first
 * bin is age 1 (upstream adds `min_age = 1`), `gender_pred/Sigmoid` P(male).
 */
import type { ModelEntry, TensorLayout } from '@facelab/core';
import type { CropGeometry } from './preprocess.ts';

export interface FaceresModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  /** Output with one probability per one-year age bin. */
  ageBins: string;
  bins: number;
  /** The age of the first bin. */
  minAge: number;
  /** Output with P(male). */
  male: string;
  /**
   * Crop side over the face box side. The face box spans the face oval
   * (forehead to chin); upstream crops a tight MTCNN box plus a margin and,
   * on UTKFace, feeds the whole aligned 200x200 crop, about 1.3 to 1.4 face
   * boxes wide; wider crops also read older faces better (see the README).
   * Upstream training augments with rotations of up to 10 degrees.
   */
  crop: CropGeometry;
}

export const FACERES: FaceresModel = Object.freeze({
  id: 'faceres',
  input: 'input_1',
  size: 224,
  tensor: Object.freeze({ width: 224, height: 224, layout: 'nhwc', channels: 'bgr', mean: [103.939, 116.779, 123.68], std: [1, 1, 1] }) as TensorLayout,
  ageBins: 'age_pred/Softmax',
  bins: 100,
  minAge: 1,
  male: 'gender_pred/Sigmoid',
  // How UTKFace's aligned 200x200 crops frame the canonical face frame (train/framing.ts on 201
  // training faces): the crop is 1.29 frame heights wide (quartiles 1.27 to 1.34) and centred 0.095
  // frame heights below the frame's centre.
  crop: Object.freeze({ scale: 1.29, down: 0.095, levelAbove: 10 }),
});

/**
 * Checks the declared facts against the model's manifest entry, so a
 * rebuilt or overridden model with other inputs or preprocessing fails at
 * start-up, naming what differs.
 */
export function checkEntry(model: FaceresModel, entry: ModelEntry): void {
  const problems: string[] = [];
  const input = entry.inputs.find((i) => i.name === model.input);
  if (!input) problems.push(`no input "${model.input}"`);
  else if (input.shape[1] !== model.size || input.shape[2] !== model.size) problems.push(`input ${JSON.stringify(input.shape)} is not ${model.size}x${model.size}`);
  for (const name of [model.ageBins, model.male]) if (!entry.outputs.some((o) => o.name === name)) problems.push(`no output "${name}"`);
  const tensor = entry.tensor as Partial<TensorLayout> | undefined;
  if (tensor && (tensor.channels !== model.tensor.channels || JSON.stringify(tensor.mean) !== JSON.stringify(model.tensor.mean))) {
    problems.push(`manifest preprocessing ${tensor.channels} mean ${JSON.stringify(tensor.mean)} differs from ${model.tensor.channels} mean ${JSON.stringify(model.tensor.mean)}`);
  }
  if (problems.length > 0) throw new Error(`Model "${model.id}" does not match what the age/gender estimators expect: ${problems.join('; ')}`);
}

/**
 * faceres's internal layer the trained heads read (one run gives the bins,
 * P(male) and these features), and the heads' tensor names.
 */
export const HEAD_FEATURES = Object.freeze({ output: 'global_pooling/Mean', input: 'features', size: 1024 });

/**
 * The age head (models/trained/age-head.onnx, trained by ../train on UTKFace
 * training faces cropped the way this unit crops them): faceres's own
 * expected age (`base` [N, 1]) corrected by ridge regression on
 * HEAD_FEATURES, `age` [N, 1] in years.
 */
export const AGE_HEAD = Object.freeze({ id: 'age-head', base: 'faceres_age', output: 'age' });

/** The gender head, trained on the same faces (models/trained/gender-head.onnx): HEAD_FEATURES in, `male` [N, 1], P(male), out. */
export const GENDER_HEAD = Object.freeze({ id: 'gender-head', output: 'male' });
