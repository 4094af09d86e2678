/**
 * The whole-frame models against TF.js on demo photos: selfie on two frames
 * (ONNX at batch 2, although model.json fixes the batch at 1) and nanodet on
 * one (4.2 GFLOPs, about 45 s on TF.js's CPU backend). Tolerance as in
 * faithfulness.faces.test.ts, except selfie's mask: its logits reach about
 * +-800 before the final sigmoid and carry float32 accumulation errors of
 * about 4e-3 (5e-6 relative, measured node by node); where a logit is near 0
 * the sigmoid passes a quarter of that on, so the probabilities get 5e-4.
 */
import { describe, expect, it } from 'vitest';
import { recipe } from '../../../models/recipes.ts';
import { compareBuiltModel } from './testing/faithfulness.js';
import { frameBatch } from './testing/images.js';

const TOLERANCE = 1e-4;
const SELFIE_MASK_TOLERANCE = 5e-4;
const TIMEOUT = 300_000;

describe('converted scene models match TF.js on demo photos', () => {
  it('selfie', { timeout: TIMEOUT }, async () => {
    const errs = await compareBuiltModel('selfie', await frameBatch(['sample2.jpg', 'sample5.jpg'], recipe('selfie').tensor));
    for (const e of errs) expect(e.abs, `selfie ${e.output}`).toBeLessThan(SELFIE_MASK_TOLERANCE);
    // The frames hold people: a good share of pixels is confidently person.
    const mask = errs[0]!.values.data;
    expect(mask.filter((v) => v > 0.9).length / mask.length).toBeGreaterThan(0.05);
  });

  it('nanodet', { timeout: TIMEOUT }, async () => {
    const errs = await compareBuiltModel('nanodet', await frameBatch(['sample6.jpg'], recipe('nanodet').tensor));
    for (const e of errs) expect(e.rel, `nanodet ${e.output}`).toBeLessThan(TOLERANCE);
    // Someone is detected: the best person score (class 0) over the three grids.
    let best = 0;
    for (const name of ['Identity', 'Identity_1', 'Identity_2']) {
      const scores = errs.find((e) => e.output === name)!.values.data;
      for (let i = 0; i < scores.length; i += 80) best = Math.max(best, scores[i]!);
    }
    expect(best).toBeGreaterThan(0.3);
  });
});
