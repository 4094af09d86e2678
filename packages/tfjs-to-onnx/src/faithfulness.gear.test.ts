/**
 * gear (age group, gender, race) against TF.js on one real face crop: at
 * 3.1 GFLOPs it is the slowest face model on TF.js's CPU backend (about
 * 25 s). Tolerance as in faithfulness.faces.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { recipe } from '../../../models/recipes.ts';
import { compareBuiltModel } from './testing/faithfulness.js';
import { FACES, faceBatch } from './testing/images.js';

const TOLERANCE = 1e-4;
const TIMEOUT = 240_000;

describe('converted gear matches TF.js', () => {
  it('gear', { timeout: TIMEOUT }, async () => {
    const errs = await compareBuiltModel('gear', await faceBatch(FACES.slice(4, 5), recipe('gear').tensor));
    for (const e of errs) expect(e.rel, `gear ${e.output}`).toBeLessThan(TOLERANCE);
  });
});
