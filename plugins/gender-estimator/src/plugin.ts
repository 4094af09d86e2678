/**
 * The `gender` unit: every face of the request located inside its box,
 * then through faceres in one batch (the same crop as the age unit),
 * adding `gender`.
 */
import type { UnitDefinition, UnitInput, UnitOutput } from '@facelab/core';
import { createFaceresRunner, FACERES, pickFaces } from '@facelab/age-estimator';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { DEFAULT_MALE_THRESHOLD } from './models.ts';
import { toGender } from './postprocess.ts';

export interface GenderUnitOptions {
  /** P(male) from which a face reads male (default 0.6, as upstream). */
  threshold?: number;
  /** Average each face with its mirror image (twice the compute; off by default, it did not help on the dev set). */
  flip?: boolean;
}

/** The `gender` unit alone. */
export function genderUnit(options: GenderUnitOptions = {}): UnitDefinition {
  const threshold = options.threshold ?? DEFAULT_MALE_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`genderEstimator: threshold must be between 0 and 1, got ${threshold}`);
  const flip = options.flip ?? false;
  return {
    name: 'gender',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['gender'],
    models: [FACERES.id, FRAMER_MODEL],
    async setup({ inference }) {
      const runner = await createFaceresRunner(inference, { flip, ageRule: 'expected' });
      const framer = await createFaceFramer(inference);
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = pickFaces(objects);
          if (!image || picked.length === 0) return { objects };
          const framed = await framer.frames(image, picked.map((i) => objects[i]));
          const { estimates, timings } = await runner.estimate(image, framed.frames);
          const out = objects.slice();
          picked.forEach((index, k) => {
            out[index] = { ...framed.faces[k], gender: toGender(estimates[k].male, threshold) };
          });
          return { objects: out, timings: { locate: framed.ms, ...timings } };
        },
      };
    },
  };
}
