/**
 * The `age` unit: every face of the request located inside its box (the
 * canonical frame, @facelab/face-fitter), then through faceres in one
 * batch and the trained age head on its features, adding `age` in years
 * (the codecs write it as whole years, "25").
 * Objects of other classes, and faces without a box, pass through.
 */
import type { SampleObject, UnitDefinition, UnitInput, UnitOutput } from '@facelab/core';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { createFaceresRunner } from './faceres.ts';
import { AGE_HEAD, FACERES, GENDER_HEAD } from './models.ts';
import type { AgeRule } from './postprocess.ts';

export const FACE = 'face';

export interface AgeUnitOptions {
  /**
   * Average each face with its mirror image (twice the compute). Off by
   * default: on the dev set it changed the MAE by less than 0.1 year.
   */
  flip?: boolean;
  /**
   * How the age is read from faceres's one-year bins: 'expected' (default),
   * or 'top2', upstream's rule. On the dev set top2 was 0.2 to 0.3 year
   * better in MAE but jumps between modes: one face in ten read 4.5 years
   * or more apart from its mirror image (2.7 with the expected value).
   */
  ageRule?: AgeRule;
  /**
   * Read the age through the trained head on faceres's features (default
   * true), or from faceres's own age bins (false; `ageRule` applies then).
   */
  heads?: boolean;
}

/** The manifest ids the faceres runner loads. */
export function faceresModels(heads: boolean): string[] {
  return heads ? [FACERES.id, AGE_HEAD.id, GENDER_HEAD.id] : [FACERES.id];
}

/** The faces of a request that a face attribute unit works on: class face (or none) with a box. */
export function pickFaces(objects: SampleObject[]): number[] {
  return objects.flatMap((o, i) => ((o.class ?? FACE) === FACE && o.bbox ? [i] : []));
}

/** The `age` unit alone. */
export function ageUnit(options: AgeUnitOptions = {}): UnitDefinition {
  const flip = options.flip ?? false;
  const ageRule = options.ageRule ?? 'expected';
  const heads = options.heads ?? true;
  return {
    name: 'age',
    objectClass: FACE,
    requires: ['bbox'],
    provides: ['age'],
    models: [...faceresModels(heads), FRAMER_MODEL],
    async setup({ inference }) {
      const runner = await createFaceresRunner(inference, { flip, ageRule, heads });
      const framer = await createFaceFramer(inference);
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = pickFaces(objects);
          if (!image || picked.length === 0) return { objects };
          const framed = await framer.frames(image, picked.map((i) => objects[i]));
          const { estimates, timings } = await runner.estimate(image, framed.frames);
          const out = objects.slice();
          picked.forEach((index, k) => {
            out[index] = { ...framed.faces[k], age: estimates[k].age };
          });
          return { objects: out, timings: { locate: framed.ms, ...timings } };
        },
      };
    },
  };
}
