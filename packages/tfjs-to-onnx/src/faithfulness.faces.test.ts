/**
 * The converted face models against their TF.js originals on real face
 * crops (two faces, ONNX at batch 2, TF.js one by one).
 *
 * Tolerance: both runtimes compute in float32 and differ only in summation
 * order, so errors grow like float32 rounding of the largest accumulations:
 * measured 1e-7..1e-5 of an output's scale. We allow
 * max |onnx - tfjs| <= 1e-4 x max(1, max |tfjs|) per output: 1e-4 absolute on
 * probabilities and unit-scale values, relative to the output's scale on
 * outputs in pixels or logits (mesh, anchor regressors, logits up to ~100).
 */
import { describe, expect, it } from 'vitest';
import { recipe } from '../../../models/recipes.ts';
import { compareBuiltModel } from './testing/faithfulness.js';
import { FACES, faceBatch } from './testing/images.js';

const TOLERANCE = 1e-4;
const TIMEOUT = 120_000;

type Check = (out: (name: string) => Float32Array | Int32Array) => void;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** What the outputs must also show, so the crops and preprocessing are known to be right. */
const CHECKS: Readonly<Record<string, Check>> = {
  // Each crop holds a face: its best anchor over both grids scores above 0.5.
  'blazeface-back': (out) => {
    for (let i = 0; i < 2; i++) {
      const logits = [...out('Identity').subarray(i * 512, (i + 1) * 512), ...out('Identity_1').subarray(i * 384, (i + 1) * 384)];
      expect(sigmoid(Math.max(...logits))).toBeGreaterThan(0.5);
    }
  },
  'facemesh': (out) => expect(Array.from(out('Identity_1')).every((flag) => flag > 0.9)).toBe(true),
  'emotion': (out) => expect(Array.from(out('Identity')).reduce((a, b) => a + b, 0)).toBeCloseTo(2, 5),
};

describe('converted face models match TF.js on real face crops', () => {
  for (const id of ['blazeface-back', 'facemesh', 'iris', 'emotion', 'gender', 'age', 'antispoof', 'liveness']) {
    it(id, { timeout: TIMEOUT }, async () => {
      const batch = await faceBatch(FACES.slice(0, 2), recipe(id).tensor);
      const errs = await compareBuiltModel(id, batch);
      for (const e of errs) expect(e.rel, `${id} ${e.output} (max |value| ${e.magnitude})`).toBeLessThan(TOLERANCE);
      CHECKS[id]?.((name) => errs.find((e) => e.output === name)!.values.data);
    });
  }
});
