/**
 * One batched faceres run over the faces of a request: the age in years and
 * P(male) of each face, optionally averaged with its mirror image. Shared by
 * the age and gender units (@facelab/gender-estimator imports it). With the
 * trained heads (the default) both come from faceres's 1024-d
 * `global_pooling/Mean` through models/trained/age-head and gender-head
 * (ridge heads trained on UTKFace training faces cropped this same way);
 * without, from faceres's own age bins and gender output.
 */
import { float32Tensor, type FaceFrame, type ImageSource, type InferenceBackend } from '@facelab/core';
import { AGE_HEAD, checkEntry, FACERES, GENDER_HEAD, HEAD_FEATURES, type FaceresModel } from './models.ts';
import { ageFromBins, expectedAge, mergeMirrors, type AgeRule } from './postprocess.ts';
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
  /** Read age and P(male) through the trained heads (true) or from faceres's own outputs (false). */
  heads: boolean;
}

/** The age the heads may answer: faceres's own range, 1 to 100 years. */
const AGE_RANGE = [1, 100] as const;

/** Loads faceres (checking its manifest facts) and returns the runner. */
export async function createFaceresRunner(inference: InferenceBackend, options: FaceresOptions, model: FaceresModel = FACERES): Promise<FaceresRunner> {
  checkEntry(model, inference.entry(model.id));
  const session = await inference.load(model.id);
  const [ageHead, genderHead] = options.heads ? await Promise.all([inference.load(AGE_HEAD.id), inference.load(GENDER_HEAD.id)]) : [];
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
      if (ageHead && genderHead) {
        const out = await session.run({ [model.input]: float32Tensor(batch.data, [batch.count, model.size, model.size, 3]) }, [model.ageBins, HEAD_FEATURES.output]);
        const features = float32Tensor(out[HEAD_FEATURES.output].data as Float32Array, [batch.count, HEAD_FEATURES.size]);
        const bins = out[model.ageBins].data as Float32Array;
        // The age head corrects faceres's expected age of the same crop.
        const base = Float32Array.from({ length: batch.count }, (_, i) => expectedAge(bins, i * model.bins, model.bins, model.minAge));
        const [ages, males] = await Promise.all([
          ageHead.run({ [HEAD_FEATURES.input]: features, [AGE_HEAD.base]: float32Tensor(base, [batch.count, 1]) }, [AGE_HEAD.output]),
          genderHead.run({ [HEAD_FEATURES.input]: features }, [GENDER_HEAD.output]),
        ]);
        let age = ages[AGE_HEAD.output].data as Float32Array;
        let male = males[GENDER_HEAD.output].data as Float32Array;
        if (options.flip) {
          age = mergeMirrors(age, faces.length, 1);
          male = mergeMirrors(male, faces.length, 1);
        }
        timings.crop = cropped - began;
        timings.infer = performance.now() - cropped;
        const clampAge = (a: number): number => Math.min(AGE_RANGE[1], Math.max(AGE_RANGE[0], a));
        return { estimates: faces.map((_, i) => ({ age: clampAge(age[i]), male: male[i] })), timings };
      }
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
