/**
 * movenet-multipose, in-graph pose decode included (TopK, GatherNd, ArgMax,
 * Where), against TF.js on a demo photo. About 25 s on TF.js's CPU backend.
 * Tolerance as in faithfulness.faces.test.ts; the decode's discrete choices
 * (top-k centres, arg-max keypoints) must come out the same, or the error
 * would be of the order of the outputs themselves.
 */
import { describe, expect, it } from 'vitest';
import { recipe } from '../../../models/recipes.ts';
import { compareBuiltModel } from './testing/faithfulness.js';
import { frameBatch } from './testing/images.js';

const TOLERANCE = 1e-4;
const TIMEOUT = 240_000;

describe('converted movenet-multipose matches TF.js', () => {
  it('movenet-multipose on sample6', { timeout: TIMEOUT }, async () => {
    const [pose] = await compareBuiltModel('movenet-multipose', await frameBatch(['sample6.jpg'], recipe('movenet-multipose').tensor));
    expect(pose!.rel).toBeLessThan(TOLERANCE);
    // Four people stand in sample6: at least three get a person score above 0.3.
    const scores = [0, 1, 2, 3, 4, 5].map((p) => pose!.values.data[p * 56 + 55]!);
    expect(scores.filter((s) => s > 0.3).length).toBeGreaterThanOrEqual(3);
  });
});
