/**
 * The `mask` unit: scores every face of the request in one batch (see
 * scorer.ts) and adds `mask` = {value, confidence}, confidence being
 * P(mask) and value whether it reaches the request's threshold.
 */
import type { UnitDefinition, UnitInput, UnitInstance, UnitOutput } from '@facelab/core';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { DEFAULT_MASK_THRESHOLD } from './models.ts';
import { maskThreshold, toMask } from './postprocess.ts';
import { MASK_MODELS, createMaskScorer } from './scorer.ts';

export const FACE = 'face';

export interface MaskUnitOptions {
  /** Default threshold on P(mask) when the request gives no `mask_threshold` (0.5). */
  threshold?: number;
}

/** The `mask` unit alone. */
export function maskUnit(options: MaskUnitOptions = {}): UnitDefinition {
  const fallback = options.threshold ?? DEFAULT_MASK_THRESHOLD;
  if (!(fallback >= 0 && fallback <= 1)) throw new RangeError(`maskEstimator: threshold must be between 0 and 1, got ${fallback}`);
  return {
    name: 'mask',
    objectClass: FACE,
    requires: ['bbox'],
    provides: ['mask'],
    models: [...MASK_MODELS, FRAMER_MODEL],
    async setup({ inference }): Promise<UnitInstance> {
      const scorer = await createMaskScorer(inference);
      // The face is located inside whatever box arrived and scored on its canonical (detector-like) box.
      const framer = await createFaceFramer(inference);
      return {
        async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
          const threshold = maskThreshold(params, fallback);
          const picked = objects.flatMap((o, i) => ((o.class ?? FACE) === FACE && o.bbox ? [i] : []));
          if (picked.length === 0 || !image) return { objects };
          const framed = await framer.frames(image, picked.map((i) => objects[i]));
          const began = performance.now();
          const scores = await scorer.score(image, framed.frames.map((f) => f.box));
          const out = objects.slice();
          picked.forEach((index, k) => {
            out[index] = { ...framed.faces[k], mask: toMask(scores[k], threshold) };
          });
          return { objects: out, timings: { locate: framed.ms, infer: performance.now() - began } };
        },
      };
    },
  };
}
