/**
 * The `quality` unit: for every face of the request, one aligned crop, the
 * measures of assess.ts, and the contract's 29 fields (postprocess.ts).
 * Objects of another class pass through untouched.
 */
import type { SampleObject, UnitDefinition, UnitInput, UnitInstance, UnitOutput } from '@facelab/core';
import { assessFace } from './assess.ts';
import { QUALITY_MODELS } from './models.ts';
import { qualityMeasures } from './postprocess.ts';
import { DEFAULT_THRESHOLDS, type QualityThresholds } from './thresholds.ts';

export const FACE = 'face';

export interface QualityUnitOptions {
  /** Overrides of the default thresholds (thresholds.ts). */
  thresholds?: Partial<QualityThresholds>;
}

export function qualityUnit(options: QualityUnitOptions = {}): UnitDefinition {
  const thresholds: QualityThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  return {
    name: 'quality',
    objectClass: FACE,
    requires: ['bbox', 'landmarks'],
    provides: ['quality'],
    models: QUALITY_MODELS,
    async setup(): Promise<UnitInstance> {
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = objects.flatMap((o, i) => ((o.class ?? FACE) === FACE && o.landmarks ? [i] : []));
          if (picked.length === 0 || !image) return { objects };
          const decoded = performance.now();
          const full = await image.full();
          const began = performance.now();
          const out: SampleObject[] = objects.slice();
          for (const index of picked) {
            out[index] = { ...objects[index], quality: qualityMeasures(assessFace(full, objects[index], index), thresholds) };
          }
          return { objects: out, timings: { decode: began - decoded, measure: performance.now() - began } };
        },
      };
    },
  };
}
