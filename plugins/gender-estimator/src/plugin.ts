/**
 * The `gender` unit: every face of the request located inside its box,
 * then through faceres in one batch (the same crop as the age unit),
 * adding `gender` from faceres's own P(male) (or the trained head's), or
 * from face-api's age/gender net, or the mean of the two P(male), or
 * (`age-gated`) faceres for the adults faceres reads well and face-api for
 * the children and older people it does not.
 */
import type { UnitDefinition, UnitInput, UnitOutput } from '@facelab/core';
import { createFaceresRunner, faceresModels, pickFaces } from '@facelab/age-estimator';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { AGE_GATE } from './age-gate.ts';
import { FACEAPI_AGE_GENDER, FACEAPI_MALE_THRESHOLD } from './faceapi.ts';
import { createFaceapiRunner } from './faceapi-runner.ts';
import { DEFAULT_MALE_THRESHOLD, FACERES_MALE_THRESHOLD } from './models.ts';
import { toGender } from './postprocess.ts';

/** Where P(male) comes from: faceres (the default), face-api's age/gender net, the mean of both, or one of them by faceres's age. */
export type GenderSource = 'faceres' | 'faceapi' | 'mean' | 'age-gated';
const SOURCES: readonly GenderSource[] = ['faceres', 'faceapi', 'mean', 'age-gated'];

export interface GenderUnitOptions {
  /**
   * P(male) from which a face reads male (0.6, upstream's, with faceres's
   * own output, the default; 0.5 with the trained head, whose P(male) is
   * calibrated on training faces).
   */
  threshold?: number;
  /**
   * Average each face with its mirror image (twice the compute). Off by
   * default (it did not help faceres), except for face-api's side of
   * `age-gated`, where it helps in cross-validation and on LFW; set, it
   * applies to every model.
   */
  flip?: boolean;
  /**
   * P(male) through the trained head on faceres's features (true), or
   * faceres's own output (false, the default: the head gains 1.3 points on
   * UTKFace but agrees less with itself on LFW people, 96.3 % against
   * 98.5 %, so it is not trusted off UTKFace yet).
   */
  heads?: boolean;
  /**
   * faceres (the default); `faceapi`, face-api's age/gender net on the
   * same crop (read at 0.5, upstream's rule); or `mean`, the mean of both
   * P(male) (read at the mean of the two rules). face-api gains on UTKFace
   * (which it was trained on) but agrees less with itself on LFW people
   * (see the README), so it is an option. `age-gated`: faceres's P(male)
   * at its rule when faceres's own age of the face is within AGE_GATE
   * (20 to 50 years), face-api's at 0.5 otherwise (children, teenagers and
   * older people, where faceres errs most); `threshold` then applies to the
   * faceres side.
   */
  source?: GenderSource;
}

/** The `gender` unit alone. */
export function genderUnit(options: GenderUnitOptions = {}): UnitDefinition {
  const heads = options.heads ?? false;
  const source = options.source ?? 'age-gated';
  if (!SOURCES.includes(source)) throw new RangeError(`genderEstimator: source must be one of ${SOURCES.join(', ')}, got ${String(source)}`);
  const faceresRule = heads ? DEFAULT_MALE_THRESHOLD : FACERES_MALE_THRESHOLD;
  const rule = source === 'faceapi' ? FACEAPI_MALE_THRESHOLD : source === 'mean' ? (faceresRule + FACEAPI_MALE_THRESHOLD) / 2 : faceresRule;
  const threshold = options.threshold ?? rule;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`genderEstimator: threshold must be between 0 and 1, got ${threshold}`);
  const gated = source === 'age-gated';
  const flip = options.flip ?? false;
  const faceapiFlip = options.flip ?? gated;
  return {
    name: 'gender',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['gender'],
    models: [...(source === 'faceapi' ? [] : faceresModels(heads)), ...(source === 'faceres' ? [] : [FACEAPI_AGE_GENDER.id]), FRAMER_MODEL],
    async setup({ inference }) {
      const runner = source === 'faceapi' ? undefined : await createFaceresRunner(inference, { flip, ageRule: 'expected', heads });
      const faceapi = source === 'faceres' ? undefined : await createFaceapiRunner(inference, faceapiFlip);
      const framer = await createFaceFramer(inference);
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = pickFaces(objects);
          if (!image || picked.length === 0) return { objects };
          const framed = await framer.frames(image, picked.map((i) => objects[i]));
          if (gated) {
            // faceres first: face-api runs only on the faces outside the gate, the ones whose answer it gives.
            const a = await runner!.estimate(image, framed.frames);
            const inGate = (k: number): boolean => a.estimates[k].age >= AGE_GATE.from && a.estimates[k].age <= AGE_GATE.to;
            const outside = framed.frames.flatMap((_, k) => (inGate(k) ? [] : [k]));
            const b = outside.length > 0 ? await faceapi!.estimate(image, outside.map((k) => framed.frames[k])) : undefined;
            const out = objects.slice();
            picked.forEach((index, k) => {
              const gender = inGate(k) ? toGender(a.estimates[k].male, threshold) : toGender(b!.estimates[outside.indexOf(k)].male, FACEAPI_MALE_THRESHOLD);
              out[index] = { ...framed.faces[k], gender };
            });
            return { objects: out, timings: { locate: framed.ms, ...a.timings, ...b?.timings } };
          }
          const [a, b] = await Promise.all([runner?.estimate(image, framed.frames), faceapi?.estimate(image, framed.frames)]);
          const male = (k: number): number => (a && b ? (a.estimates[k].male + b.estimates[k].male) / 2 : (a ?? b)!.estimates[k].male);
          const out = objects.slice();
          picked.forEach((index, k) => {
            out[index] = { ...framed.faces[k], gender: toGender(male(k), threshold) };
          });
          return { objects: out, timings: { locate: framed.ms, ...a?.timings, ...b?.timings } };
        },
      };
    },
  };
}
