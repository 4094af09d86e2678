/**
 * One batched run of face-api's age/gender net over the faces of a
 * request: P(male) (and face-api's age) of each face, cropped from the
 * located face's canonical frame with the same helpers as faceres's crop.
 */
import { float32Tensor, type FaceFrame, type ImageSource, type InferenceBackend } from '@facelab/core';
import { cropBatch, frameCrops, mergeMirrors, type CropGeometry } from '@facelab/age-estimator';
import { FACEAPI_AGE_GENDER } from './faceapi.ts';

export interface FaceapiEstimate {
  age: number;
  /** P(male), the first of face-api's two softmax outputs. */
  male: number;
}

export interface FaceapiRunner {
  estimate(image: ImageSource, faces: FaceFrame[]): Promise<{ estimates: FaceapiEstimate[]; timings: Record<string, number> }>;
}

/**
 * Loads the net and checks that the manifest's input is face-api's; `flip`
 * averages each face with its mirror image (one batch of twice the faces);
 * `crop` replaces the model's crop geometry (for experiments).
 */
export async function createFaceapiRunner(inference: InferenceBackend, flip = false, crop: CropGeometry = FACEAPI_AGE_GENDER.crop): Promise<FaceapiRunner> {
  const model = FACEAPI_AGE_GENDER;
  const entry = inference.entry(model.id);
  const input = entry.inputs.find((i) => i.name === model.input);
  if (!input || input.shape[2] !== model.size || input.shape[3] !== model.size) {
    throw new Error(`Model "${model.id}" does not take a ${model.size}x${model.size} NCHW "${model.input}" as the gender estimator expects`);
  }
  const session = await inference.load(model.id);
  return {
    async estimate(image, faces) {
      const timings: Record<string, number> = {};
      if (faces.length === 0) return { estimates: [], timings };
      const began = performance.now();
      const picture = await image.forFaces(faces.map((f) => f.box), crop.scale, model.size);
      const batch = cropBatch(picture, frameCrops(faces, picture.width, picture.height, crop), model.tensor, flip);
      const cropped = performance.now();
      const out = await session.run({ [model.input]: float32Tensor(batch.data, [batch.count, 3, model.size, model.size]) }, [model.age, model.gender]);
      let age = out[model.age].data as Float32Array;
      let gender = out[model.gender].data as Float32Array;
      if (flip) {
        age = mergeMirrors(age, faces.length, 1);
        gender = mergeMirrors(gender, faces.length, 2);
      }
      timings.faceapi_crop = cropped - began;
      timings.faceapi_infer = performance.now() - cropped;
      return { estimates: faces.map((_, i) => ({ age: age[i], male: gender[2 * i] })), timings };
    },
  };
}
