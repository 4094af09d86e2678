import { describe, expect, it } from 'vitest';
import { expectedAge, perFace } from './postprocess.ts';

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

describe('perFace', () => {
  it('averages each face with its mirror image, or passes values through', () => {
    expect(perFace([10, 20, 30, 40], true)).toEqual([20, 30]);
    expect(perFace([10, 20], false)).toEqual([10, 20]);
  });
});
