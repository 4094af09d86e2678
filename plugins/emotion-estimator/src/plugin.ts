/**
 * The `emotion` unit: every face of the request located inside its box
 * (the canonical frame, @facelab/face-fitter), then through the emotion
 * model in one batch (a grayscale crop about 1.4 face frames wide, levelled
 * on the eyes past 10 degrees of roll), adding all seven `emotions`.
 */
import { float32Tensor, type UnitDefinition, type UnitInput, type UnitOutput } from '@facelab/core';
import { cropBatch, frameCrops, mergeMirrors, pickFaces } from '@facelab/age-estimator';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { checkEntry, EMOTION_MODEL } from './models.ts';
import { toEmotions } from './postprocess.ts';

export interface EmotionUnitOptions {
  /** Average each face with its mirror image (twice the compute; off by default, it did not help on the dev set). */
  flip?: boolean;
}

/** The `emotion` unit alone. */
export function emotionUnit(options: EmotionUnitOptions = {}): UnitDefinition {
  const flip = options.flip ?? false;
  const model = EMOTION_MODEL;
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
          const out = await session.run({ [model.input]: float32Tensor(batch.data, [batch.count, model.size, model.size, 1]) }, [model.output]);
          const raw = out[model.output].data as Float32Array;
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
