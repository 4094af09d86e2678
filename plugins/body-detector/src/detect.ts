/**
 * The `detect-body` unit: finds the people of a picture and replaces the
 * request's body objects with them (objects of other classes pass through).
 * Every view of the picture goes through NanoDet in one batched run.
 */
import { float32Tensor, type ModelSession, type SampleObject, type Tensor, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import { decodeView, type Candidate } from './decode.ts';
import type { NanodetModel } from './models.ts';
import { probabilityParam, type ResolvedOptions } from './options.ts';
import { mergeCandidates, toBodies, viewKeeps } from './postprocess.ts';
import { copySide, fillViews, planViews } from './preprocess.ts';

/** Candidates below this are never decoded, whatever threshold a request asks for. */
const DECODE_FLOOR = 0.05;

export function createBodyDetector(session: ModelSession, model: NanodetModel, options: ResolvedOptions): UnitInstance {
  const outputs = model.levels.flatMap((l) => [l.scores, l.boxes]);
  const { width: size } = model.layout;

  return {
    async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
      const threshold = probabilityParam(params, 'body_threshold', options.threshold);
      if (!image) return { objects };
      const began = performance.now();
      const copy = await image.scaled(copySide(size));
      const decoded = performance.now();
      const views = planViews(copy.width, copy.height, size, options.scales, options.tiles);
      const input = fillViews(copy, views, model.layout);
      const prepared = performance.now();
      const result = await session.run({ [model.input]: float32Tensor(input, [views.length, 3, size, size]) }, outputs);
      const inferred = performance.now();
      const found: Candidate[] = [];
      views.forEach((view, i) => {
        for (const c of decodeView(sliceBatch(result, i, views.length), model, view.affine, Math.max(threshold, DECODE_FLOOR))) {
          if (viewKeeps(c, view, copy.width, copy.height)) found.push(c);
        }
      });
      const bodies = toBodies(mergeCandidates(found, options.iouThreshold, options.maxBodies), copy.width, copy.height);
      const others = objects.filter((o: SampleObject) => (o.class ?? 'body') !== 'body');
      return {
        objects: [...bodies, ...others],
        timings: { decode: decoded - began, prepare: prepared - decoded, infer: inferred - prepared, post: performance.now() - inferred },
      };
    },
  };
}

/** One batch item's view of every output tensor. */
function sliceBatch(result: Record<string, Tensor>, index: number, total: number): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(result)) {
    const per = t.data.length / total;
    out[name] = { ...t, data: (t.data as Float32Array).subarray(index * per, (index + 1) * per), dims: [1, ...t.dims.slice(1)] };
  }
  return out;
}
