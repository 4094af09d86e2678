/**
 * The `gender` unit: every face of the request located inside its box,
 * then through faceres in one batch (the same crop as the age unit),
 * adding `gender` from faceres's own P(male) (or the trained head's).
 */
import type { UnitDefinition, UnitInput, UnitOutput } from '@facelab/core';
import { createFaceresRunner, faceresModels, pickFaces } from '@facelab/age-estimator';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { DEFAULT_MALE_THRESHOLD, FACERES_MALE_THRESHOLD } from './models.ts';
import { toGender } from './postprocess.ts';

export interface GenderUnitOptions {
  /**
   * P(male) from which a face reads male (0.6, upstream's, with faceres's
   * own output, the default; 0.5 with the trained head, whose P(male) is
   * calibrated on training faces).
   */
  threshold?: number;
  /** Average each face with its mirror image (twice the compute; off by default, it did not help on the dev set). */
  flip?: boolean;
  /**
   * P(male) through the trained head on faceres's features (true), or
   * faceres's own output (false, the default: the head gains 1.3 points on
   * UTKFace but agrees less with itself on LFW people, 96.3 % against
   * 98.5 %, so it is not trusted off UTKFace yet).
   */
  heads?: boolean;
}

/** The `gender` unit alone. */
export function genderUnit(options: GenderUnitOptions = {}): UnitDefinition {
  const heads = options.heads ?? false;
  const threshold = options.threshold ?? (heads ? DEFAULT_MALE_THRESHOLD : FACERES_MALE_THRESHOLD);
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`genderEstimator: threshold must be between 0 and 1, got ${threshold}`);
  const flip = options.flip ?? false;
  return {
    name: 'gender',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['gender'],
    models: [...faceresModels(heads), FRAMER_MODEL],
    async setup({ inference }) {
      const runner = await createFaceresRunner(inference, { flip, ageRule: 'expected', heads });
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
