/**
 * One batched faceres run over the faces of a request: the age in years and
 * P(male) of each face, optionally averaged with its mirror image. Shared by
 * the age and gender units (@facelab/gender-estimator imports it).
 */
import { float32Tensor, type FaceFrame, type ImageSource, type InferenceBackend } from '@facelab/core';
import { checkEntry, FACERES, type FaceresModel } from './models.ts';
import { ageFromBins, mergeMirrors, type AgeRule } from './postprocess.ts';
import { cropBatch, frameCrops } from './preprocess.ts';

export interface FaceresEstimate {
  age: number;
  /** P(male). */
  male: number;
}

export interface FaceresRunner {
  readonly model: FaceresModel;
  /** Estimates for the given face frames, in order, and the milliseconds spent per stage. */
  estimate(image: ImageSource, faces: FaceFrame[]): Promise<{ estimates: FaceresEstimate[]; timings: Record<string, number> }>;
}

export interface FaceresOptions {
  /** Average each face with its mirror image (one batch of twice the faces; the age bins are averaged before the age is read). */
  flip: boolean;
  ageRule: AgeRule;
}

/** Loads faceres (checking its manifest facts) and returns the runner. */
export async function createFaceresRunner(inference: InferenceBackend, options: FaceresOptions, model: FaceresModel = FACERES): Promise<FaceresRunner> {
  checkEntry(model, inference.entry(model.id));
  const session = await inference.load(model.id);
  return {
    model,
    async estimate(image, faces) {
      const timings: Record<string, number> = {};
      if (faces.length === 0) return { estimates: [], timings };
      const began = performance.now();
      const picture = await image.forFaces(faces.map((f) => f.box), model.crop.scale, model.size);
      const crops = frameCrops(faces, picture.width, picture.height, model.crop);
      const batch = cropBatch(picture, crops, model.tensor, options.flip);
      const cropped = performance.now();
      const out = await session.run({ [model.input]: float32Tensor(batch.data, [batch.count, model.size, model.size, 3]) }, [model.ageBins, model.male]);
      let bins = out[model.ageBins].data as Float32Array;
      let male = out[model.male].data as Float32Array;
      if (options.flip) {
        bins = mergeMirrors(bins, faces.length, model.bins);
        male = mergeMirrors(male, faces.length, 1);
      }
      timings.crop = cropped - began;
      timings.infer = performance.now() - cropped;
      const estimates = faces.map((_, i) => ({ age: ageFromBins(options.ageRule, bins, i * model.bins, model.bins, model.minAge), male: male[i] }));
      return { estimates, timings };
    },
  };
}
