import { HttpError } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { decide, thresholdParam } from './postprocess.ts';

describe('decide', () => {
  it('gives the probability of the value it returns', () => {
    expect(decide(0.8, 0.5)).toEqual({ value: 'real', confidence: 0.8 });
    expect(decide(0.2, 0.5)).toEqual({ value: 'fake', confidence: 0.8 });
    expect(decide(0.4, 0.3)).toEqual({ value: 'real', confidence: 0.4 });
    expect(decide(0.5, 0.5).value).toBe('real');
  });
});

describe('thresholdParam', () => {
  it('reads liveness_threshold or falls back', () => {
    expect(thresholdParam({}, 0.3)).toBe(0.3);
    expect(thresholdParam({ liveness_threshold: '' }, 0.3)).toBe(0.3);
    expect(thresholdParam({ liveness_threshold: '0.75' }, 0.3)).toBe(0.75);
    expect(thresholdParam({ liveness_threshold: '0' }, 0.3)).toBe(0);
  });

  it.each(['abc', '-0.1', '1.5', 'NaN'])('refuses %s with a 422 naming the parameter', (raw) => {
    try {
      thresholdParam({ liveness_threshold: raw }, 0.3);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(422);
      expect(JSON.stringify((err as HttpError).detail)).toContain('liveness_threshold');
    }
  });
});
