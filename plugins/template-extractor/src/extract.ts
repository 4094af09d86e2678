/**
 * The `extract` unit: a template for every face object of the request,
 * all faces in one batched model run. Objects of other classes, and faces
 * the fitter gave no landmarks, pass through untouched.
 */
import { float32Tensor, type ModelSession, type SampleObject, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import type { DescriptorModel } from './models.ts';
import { embeddings } from './postprocess.ts';
import { chipBatch } from './preprocess.ts';
import { encodeTemplate } from './template.ts';

export function createExtractor(session: ModelSession, model: DescriptorModel): UnitInstance {
  const { tensor } = model;
  return {
    async run({ image, objects }: UnitInput): Promise<UnitOutput> {
      const faces = objects.map((object, index) => ({ object, index })).filter(({ object }) => (object.class ?? 'face') === 'face' && object.landmarks !== undefined);
      if (!image || faces.length === 0) return { objects };
      const began = performance.now();
      // The dlib chip spans about 1.6 face boxes; boxes are absent only on hand-made samples.
      const picture = faces.every(({ object }) => object.bbox) ? await image.forFaces(faces.map(({ object }) => object.bbox!), 1.6, tensor.width) : await image.full();
      const decoded = performance.now();
      const batch = chipBatch(picture, faces, model);
      const cropped = performance.now();
      const dims = [2 * faces.length, 3, tensor.height, tensor.width];
      const result = await session.run({ [model.input]: float32Tensor(batch, dims) }, [model.output]);
      const inferred = performance.now();
      const vectors = embeddings(result[model.output].data as Float32Array, faces.length, model.size);
      const out: SampleObject[] = [...objects];
      faces.forEach(({ object, index }, i) => {
        out[index] = { ...object, template: encodeTemplate(vectors[i]) };
      });
      return { objects: out, timings: { decode: decoded - began, crop: cropped - decoded, infer: inferred - cropped } };
    },
  };
}
