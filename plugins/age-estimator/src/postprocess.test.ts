import { describe, expect, it } from 'vitest';
import { expectedAge, mergeMirrors, topTwoAge } from './postprocess.ts';

describe('expectedAge', () => {
  it('reads a single bin as its age (the first bin is minAge)', () => {
    const probs = new Float32Array(200);
    probs[100 + 24] = 1;
    expect(expectedAge(probs, 100, 100, 1)).toBe(25);
  });

  it('averages the bins by their probability, whatever their total', () => {
    const probs = new Float32Array(100);
    probs[19] = 0.2;
    probs[29] = 0.2;
    expect(expectedAge(probs, 0, 100, 1)).toBeCloseTo(25);
  });
});

describe('topTwoAge', () => {
  it('weights the two most probable bins and ignores the rest (upstream rule)', () => {
    const probs = new Float32Array(100);
    probs[29] = 0.3;
    probs[30] = 0.1;
    probs[80] = 0.05;
    probs[0] = 0.02;
    // 1 + (29 * 0.3 + 30 * 0.1) / 0.4
    expect(topTwoAge(probs, 0, 100, 1)).toBeCloseTo(30.25);
  });

  it('finds the top two wherever they sit, the first bin included', () => {
    const probs = new Float32Array(100);
    probs[0] = 0.5;
    probs[99] = 0.5;
    expect(topTwoAge(probs, 0, 100, 1)).toBeCloseTo(50.5);
  });
});

describe('mergeMirrors', () => {
  it('averages face i with item faces + i, `per` values each', () => {
    expect(Array.from(mergeMirrors([1, 0, 0, 1, 0, 1, 1, 0], 2, 2))).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(mergeMirrors([10, 20, 30, 40], 2, 1))).toEqual([20, 30]);
  });
});
