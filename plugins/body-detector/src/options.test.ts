import { HttpError } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, probabilityParam, resolveOptions } from './options.ts';

describe('options', () => {
  it('fills the defaults and refuses impossible settings', () => {
    expect(resolveOptions({ tiles: true })).toEqual({ ...DEFAULTS, tiles: true });
    expect(() => resolveOptions({ threshold: 1.5 })).toThrow(/threshold/);
    expect(() => resolveOptions({ scales: [] })).toThrow(/scales/);
    expect(() => resolveOptions({ scales: [1, 1.2] })).toThrow(/scales/);
    expect(() => resolveOptions({ maxBodies: 0 })).toThrow(/maxBodies/);
  });

  it('reads body_threshold from the query, 422 naming it when it is not a probability', () => {
    expect(probabilityParam({}, 'body_threshold', 0.45)).toBe(0.45);
    expect(probabilityParam({ body_threshold: '0.7' }, 'body_threshold', 0.45)).toBe(0.7);
    for (const bad of ['abc', '-0.1', '1.5', 'NaN']) {
      const error = (() => {
        try {
          probabilityParam({ body_threshold: bad }, 'body_threshold', 0.45);
        } catch (e) {
          return e;
        }
      })() as HttpError;
      expect(error).toBeInstanceOf(HttpError);
      expect(error.status).toBe(422);
      expect(error.detail).toEqual([expect.objectContaining({ loc: ['query', 'body_threshold'] })]);
    }
  });
});
