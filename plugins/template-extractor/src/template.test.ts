import { describe, expect, it } from 'vitest';
import { HttpError, type Template } from '@facelab/core';
import { decodeTemplate, encodeTemplate, TEMPLATE_BYTES, TEMPLATE_KEY } from './template.ts';

/** A deterministic unit vector (no Math.random in tests). */
function unitVector(seed: number): Float32Array {
  const v = Float32Array.from({ length: 128 }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.2);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function failure(template: Template): { status: number; msg: string; loc: unknown[] } {
  try {
    decodeTemplate(template, 1);
  } catch (error) {
    const e = error as HttpError;
    const [issue] = e.detail as { msg: string; loc: unknown[] }[];
    return { status: e.status, msg: issue.msg, loc: issue.loc };
  }
  throw new Error('expected a failure');
}

describe('template format facelab_r34 v1', () => {
  it('round-trips a normalised embedding within the int8 step', () => {
    const e = unitVector(3);
    const t = encodeTemplate(e);
    expect(t).toMatchObject({ key: TEMPLATE_KEY, dtype: 'uint8', shape: [TEMPLATE_BYTES] });
    expect(t.data).toHaveLength(132);
    expect(Array.from(t.data.subarray(0, 4))).toEqual([0x72, 0x33, 0x34, 1]);
    const back = decodeTemplate(t, 0);
    expect(Math.hypot(...back)).toBeCloseTo(1, 6);
    const distance = Math.hypot(...back.map((v, i) => v - e[i]));
    // Each component moves by at most half a step (1/512); the vector by about 0.013.
    expect(distance).toBeLessThan(0.02);
  });

  it('reads a v1 template (no key, dtype or shape) by its header', () => {
    const t = encodeTemplate(unitVector(5));
    expect(decodeTemplate({ key: null, dtype: null, shape: null, data: t.data }, 0)).toHaveLength(128);
  });

  it('names the problem of a foreign template', () => {
    const t = encodeTemplate(unitVector(7));
    expect(failure({ ...t, key: '_face_template_extractor_1000_12' })).toMatchObject({ status: 422, loc: ['body', 'objects', 1, 'template', '_face_template_extractor_1000_12'] });
    expect(failure({ ...t, key: '_face_template_extractor_1000_12' }).msg).toContain('another model');
    expect(failure({ ...t, dtype: 'float32' }).msg).toContain('dtype "float32"');
    expect(failure({ ...t, shape: [128] }).msg).toContain('shape [128] is not [132]');
    expect(failure({ ...t, shape: null, data: t.data.subarray(0, 74) }).msg).toContain('74 bytes');
    const foreign = Uint8Array.from({ length: 132 }, (_, i) => i);
    expect(failure({ key: null, dtype: null, shape: null, data: foreign })).toMatchObject({ status: 422, loc: ['body', 'objects', 1, '$template'] });
    expect(failure({ key: null, dtype: null, shape: null, data: foreign }).msg).toContain('not a facelab_r34 v1 template');
  });
});
