/**
 * The `quality` unit: for every face of the request, one aligned crop, the
 * person segmentation of all faces in one batched run, the measures of
 * assess.ts, and the contract's 29 fields (postprocess.ts). Objects of
 * another class pass through untouched.
 */
import type { ModelSession, SampleObject, UnitDefinition, UnitInput, UnitInstance, UnitOutput } from '@facelab/core';
import { assessFace } from './assess.ts';
import { faceGeometry } from './face.ts';
import { SEGMENTATION_MODEL } from './models.ts';
import { qualityMeasures } from './postprocess.ts';
import { personMaps } from './segment.ts';
import { DEFAULT_THRESHOLDS, type QualityThresholds } from './thresholds.ts';

export const FACE = 'face';

export interface QualityUnitOptions {
  /** Overrides of the default thresholds (thresholds.ts). */
  thresholds?: Partial<QualityThresholds>;
  /** Find the background with the person segmentation model (default true); off, a head ellipse stands in. */
  segmentation?: boolean;
}

export function qualityUnit(options: QualityUnitOptions = {}): UnitDefinition {
  const thresholds: QualityThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const segmentation = options.segmentation ?? true;
  return {
    name: 'quality',
    objectClass: FACE,
    requires: ['bbox', 'landmarks'],
    provides: ['quality'],
    models: segmentation ? [SEGMENTATION_MODEL.id] : [],
    async setup({ inference }): Promise<UnitInstance> {
      const session: ModelSession | undefined = segmentation ? await inference.load(SEGMENTATION_MODEL.id) : undefined;
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = objects.flatMap((o, i) => ((o.class ?? FACE) === FACE && o.landmarks ? [i] : []));
          if (picked.length === 0 || !image) return { objects };
          const decoded = performance.now();
          const full = await image.full();
          const segmented = performance.now();
          const faces = picked.map((index) => faceGeometry(objects[index], index, full.width, full.height));
          const persons = session ? await personMaps(session, full, faces) : [];
          const began = performance.now();
          const out: SampleObject[] = objects.slice();
          picked.forEach((index, k) => {
            out[index] = { ...objects[index], quality: qualityMeasures(assessFace(full, objects[index], index, persons[k]), thresholds) };
          });
          return { objects: out, timings: { decode: segmented - decoded, segment: began - segmented, measure: performance.now() - began } };
        },
      };
    },
  };
}
