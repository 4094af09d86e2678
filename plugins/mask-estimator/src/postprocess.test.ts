import { HttpError } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { maskThreshold, toMask } from './postprocess.ts';

describe('maskThreshold', () => {
  it('uses the default when the request gives none or an empty one', () => {
    expect(maskThreshold({}, 0.5)).toBe(0.5);
    expect(maskThreshold({ mask_threshold: ' ' }, 0.4)).toBe(0.4);
  });

  it('reads a number in [0, 1]', () => {
    expect(maskThreshold({ mask_threshold: '0.8' }, 0.5)).toBe(0.8);
    expect(maskThreshold({ mask_threshold: '0' }, 0.5)).toBe(0);
    expect(maskThreshold({ mask_threshold: '1' }, 0.5)).toBe(1);
  });

  it.each(['abc', '-0.1', '1.5', 'NaN', 'Infinity'])('refuses %s with a 422 naming the query parameter', (raw) => {
    try {
      maskThreshold({ mask_threshold: raw }, 0.5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(422);
      expect((error as HttpError).detail).toMatchObject([{ loc: ['query', 'mask_threshold'] }]);
    }
  });
});

describe('toMask', () => {
  it('reports P(mask) as confidence and compares it with the threshold', () => {
    expect(toMask(0.07, 0.5)).toEqual({ value: false, confidence: 0.07 });
    expect(toMask(0.5, 0.5)).toEqual({ value: true, confidence: 0.5 });
    expect(toMask(0.9, 0.95).value).toBe(false);
  });

  it('keeps confidence inside [0, 1]', () => {
    expect(toMask(1.0000001, 0.5).confidence).toBe(1);
    expect(toMask(-1e-7, 0.5).confidence).toBe(0);
  });
});
