/**
 * The `emotion` unit: every face of the request located inside its box
 * (the canonical frame, @facelab/face-fitter), then through the emotion
 * model (a crop 1.28 face frames wide, FER-2013's framing, levelled on the
 * eyes past 10 degrees of roll), adding all seven `emotions`.
 */
import { cropLength, float32Tensor, type ModelSession, type UnitDefinition, type UnitInput, type UnitOutput } from '@facelab/core';
import { cropBatch, frameCrops, mergeMirrors, pickFaces } from '@facelab/age-estimator';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { checkEntry, EMOTION_MODEL, type EmotionModel } from './models.ts';
import { softmaxRows, toEmotions } from './postprocess.ts';

export interface EmotionUnitOptions {
  /** Average each face with its mirror image (twice the compute; off by default, it did not help on the dev set). */
  flip?: boolean;
  /** The model and its framing (default EMOTION_MODEL, faceplugin's expression network; MINI_XCEPTION_MODEL is the earlier one). */
  model?: EmotionModel;
}

/**
 * The model's class probabilities for `count` crops: one run for the
 * batch, or one run per `model.batch` crops where the graph fixes it.
 */
async function classify(session: ModelSession, model: EmotionModel, data: Float32Array, count: number): Promise<Float32Array> {
  const per = cropLength(model.tensor);
  const classes = model.labels.length;
  const step = model.batch ?? count;
  const probs = new Float32Array(count * classes);
  for (let start = 0; start < count; start += step) {
    const n = Math.min(step, count - start);
    const shape = model.tensor.layout === 'nhwc' ? [n, model.size, model.size, 1] : [n, 3, model.size, model.size];
    const out = await session.run({ [model.input]: float32Tensor(data.slice(start * per, (start + n) * per), shape) }, [model.output]);
    probs.set((out[model.output].data as Float32Array).subarray(0, n * classes), start * classes);
  }
  if (model.logits) softmaxRows(probs, classes);
  const weights = model.classWeights;
  if (weights) probs.forEach((p, i) => (probs[i] = p * weights[i % classes]));
  return probs;
}

/** The `emotion` unit alone. */
export function emotionUnit(options: EmotionUnitOptions = {}): UnitDefinition {
  const flip = options.flip ?? false;
  const model = options.model ?? EMOTION_MODEL;
  return {
    name: 'emotion',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['emotions'],
    models: [model.id, FRAMER_MODEL],
    async setup({ inference }) {
      checkEntry(model, inference.entry(model.id));
      const session = await inference.load(model.id);
      const framer = await createFaceFramer(inference);
      const classes = model.labels.length;
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = pickFaces(objects);
          if (!image || picked.length === 0) return { objects };
          const framed = await framer.frames(image, picked.map((i) => objects[i]));
          const began = performance.now();
          const picture = await image.forFaces(framed.frames.map((f) => f.box), model.crop.scale, model.size);
          const crops = frameCrops(framed.frames, picture.width, picture.height, model.crop);
          const batch = cropBatch(picture, crops, model.tensor, flip);
          const cropped = performance.now();
          const raw = await classify(session, model, batch.data, batch.count);
          const probs = flip ? mergeMirrors(raw, picked.length, classes) : raw;
          const result = objects.slice();
          picked.forEach((index, k) => {
            result[index] = { ...framed.faces[k], emotions: toEmotions(probs, k * classes, model) };
          });
          return { objects: result, timings: { locate: framed.ms, crop: cropped - began, infer: performance.now() - cropped } };
        },
      };
    },
  };
}
