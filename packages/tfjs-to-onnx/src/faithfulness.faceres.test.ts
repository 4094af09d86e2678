/**
 * faceres and faceres-deep (age, gender and the internal 1024-d descriptor
 * `global_pooling/Mean`) against TF.js on a real face crop with the upstream
 * BGR mean-subtracted input. One crop each: TF.js's CPU backend needs about
 * 10 s per 1.1-GFLOP pass. Tolerance as in faithfulness.faces.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { recipe } from '../../../models/recipes.ts';
import { compareBuiltModel } from './testing/faithfulness.js';
import { FACES, faceBatch } from './testing/images.js';

const TOLERANCE = 1e-4;
const TIMEOUT = 180_000;

describe('converted faceres models match TF.js', () => {
  for (const id of ['faceres', 'faceres-deep']) {
    it(`${id}, descriptor included`, { timeout: TIMEOUT }, async () => {
      const errs = await compareBuiltModel(id, await faceBatch(FACES.slice(1, 2), recipe(id).tensor));
      expect(errs.map((e) => e.output)).toEqual(['gender_pred/Sigmoid', 'age_pred/Softmax', 'global_pooling/Mean']);
      for (const e of errs) expect(e.rel, `${id} ${e.output}`).toBeLessThan(TOLERANCE);
      const descriptor = errs[2]!.values.data;
      expect(descriptor.length).toBe(1024);
      expect(descriptor.some((v) => v > 0)).toBe(true);
    });
  }
});
