/**
 * The `extract` unit: a template for every face object of the request.
 * Each face's aligned crops (one per zoom of the model) and their mirrors
 * go through the model (in one batch, or one crop per run when the graph's
 * batch is fixed at 1), and their descriptors are averaged. Objects
 * of other classes, and faces the fitter gave no landmarks, pass through
 * untouched.
 */
import { cropLength, float32Tensor, type ModelSession, type SampleObject, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import type { DescriptorModel } from './models.ts';
import { embeddings } from './postprocess.ts';
import { chipBatch } from './preprocess.ts';
import { encodeTemplate } from './template.ts';

/**
 * Raw descriptors of every crop of `batch`, in order, `model.maxBatch`
 * crops per run. The runs are independent and start together, so a
 * backend with a second thread for runs (parallelRuns) takes a face's crop
 * and its mirror on two cores; the descriptors are the same either way.
 */
export async function describe(session: ModelSession, model: DescriptorModel, batch: Float32Array): Promise<Float32Array> {
  const { tensor } = model;
  const length = cropLength(tensor);
  const crops = batch.length / length;
  const out = new Float32Array(crops * model.size);
  const runs: Promise<void>[] = [];
  for (let first = 0; first < crops; first += model.maxBatch) {
    const n = Math.min(model.maxBatch, crops - first);
    const input = float32Tensor(batch.subarray(first * length, (first + n) * length), [n, 3, tensor.height, tensor.width]);
    runs.push(session.run({ [model.input]: input }, [model.output]).then((result) => out.set(result[model.output].data as Float32Array, first * model.size)));
  }
  await Promise.all(runs);
  return out;
}

/** The aligned crops span about 1.6 face boxes: the margin the face copy must hold at the model's size. */
export const EXTRACT_MARGIN = 1.6;

export function createExtractor(session: ModelSession, model: DescriptorModel): UnitInstance {
  const { tensor } = model;
  return {
    async run({ image, objects }: UnitInput): Promise<UnitOutput> {
      const faces = objects.map((object, index) => ({ object, index })).filter(({ object }) => (object.class ?? 'face') === 'face' && object.landmarks !== undefined);
      if (!image || faces.length === 0) return { objects };
      const began = performance.now();
      // Boxes are absent only on hand-made samples.
      const picture = faces.every(({ object }) => object.bbox) ? await image.forFaces(faces.map(({ object }) => object.bbox!), EXTRACT_MARGIN, tensor.width) : await image.full();
      const decoded = performance.now();
      const batch = chipBatch(picture, faces, model);
      const cropped = performance.now();
      const raw = await describe(session, model, batch);
      const inferred = performance.now();
      const vectors = embeddings(raw, faces.length, model.size, 2 * model.zooms.length);
      const out: SampleObject[] = [...objects];
      faces.forEach(({ object, index }, i) => {
        out[index] = { ...object, template: encodeTemplate(vectors[i]) };
      });
      return { objects: out, timings: { decode: decoded - began, crop: cropped - decoded, infer: inferred - cropped } };
    },
  };
}
