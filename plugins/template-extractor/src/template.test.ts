import { describe, expect, it } from 'vitest';
import { HttpError, type Template } from '@facelab/core';
import { CONTRACT_TEMPLATE_KEY, decodeTemplate, encodeTemplate, MFN_FORMAT, R34_FORMAT, TEMPLATE_BYTES, TEMPLATE_KEY, templateBytes } from './template.ts';

/** A deterministic unit vector (no Math.random in tests). */
function unitVector(seed: number, length = 512): Float32Array {
  const v = Float32Array.from({ length }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.2);
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

const header = (t: Template): string => String.fromCharCode(...t.data.subarray(0, 3)) + t.data[3];

describe('template formats', () => {
  it('emits new templates under the contract key, the model named in the header', () => {
    const e = unitVector(3);
    const t = encodeTemplate(e);
    expect(TEMPLATE_KEY).toBe(CONTRACT_TEMPLATE_KEY);
    expect(t).toMatchObject({ key: '_face_template_extractor_1000_12', dtype: 'uint8', shape: [TEMPLATE_BYTES] });
    expect(t.data).toHaveLength(templateBytes(MFN_FORMAT));
    expect(header(t)).toBe('mfn1');
    const back = decodeTemplate(t, 0);
    expect(back.format).toBe(MFN_FORMAT);
    expect(Math.hypot(...back.embedding)).toBeCloseTo(1, 5);
    // 4 bits per value: the direction moves by a few degrees (cosine about 0.98 to the original).
    const cos = back.embedding.reduce((s, v, i) => s + v * e[i], 0);
    expect(cos).toBeGreaterThan(0.97);
    // Every value is the nearest of the 15 levels in +-0.2 (two's-complement nibbles, high first).
    const nibble = (i: number): number => ((t.data[4 + (i >> 1)] >> (i % 2 === 0 ? 4 : 0)) << 28) >> 28;
    for (let i = 0; i < 512; i++) expect(nibble(i)).toBe(Math.max(-7, Math.min(7, Math.round((e[i] / 0.2) * 7))) + 0);
  });

  it("reads the previous release's ResNet-34 template byte for byte as that release wrote it", () => {
    const e = unitVector(4, 128);
    const t = encodeTemplate(e, R34_FORMAT);
    expect(t).toMatchObject({ key: '_face_template_extractor_facelab_r34_1', shape: [132] });
    expect(header(t)).toBe('r341');
    // That release stored round(value * 256) as int8.
    for (let i = 0; i < 128; i++) expect((t.data[4 + i] << 24) >> 24).toBe(Math.max(-127, Math.min(127, Math.round(e[i] * 256))) + 0);
    const back = decodeTemplate(t, 0);
    expect(back.format).toBe(R34_FORMAT);
    expect(Math.hypot(...back.embedding.map((v, i) => v - e[i]))).toBeLessThan(0.02);
  });

  it('reads a v1 template (no key, dtype or shape) by its header', () => {
    expect(decodeTemplate({ key: null, dtype: null, shape: null, data: encodeTemplate(unitVector(5)).data }, 0).format).toBe(MFN_FORMAT);
    expect(decodeTemplate({ key: null, dtype: null, shape: null, data: encodeTemplate(unitVector(5, 128), R34_FORMAT).data }, 0).format).toBe(R34_FORMAT);
  });

  it('names the problem of a foreign or mislabelled template', () => {
    const t = encodeTemplate(unitVector(7));
    const r34 = encodeTemplate(unitVector(7, 128), R34_FORMAT);
    expect(failure({ ...t, key: '_face_template_extractor_other_3' })).toMatchObject({ status: 422, loc: ['body', 'objects', 1, 'template', '_face_template_extractor_other_3'] });
    expect(failure({ ...t, key: '_face_template_extractor_other_3' }).msg).toContain('another model');
    // The contract key over a ResNet-34 blob: the header says which model it really is.
    expect(failure({ ...r34, key: CONTRACT_TEMPLATE_KEY }).msg).toContain('header says facelab_r34 v1');
    expect(failure({ ...t, dtype: 'float32' }).msg).toContain('dtype "float32"');
    expect(failure({ ...t, shape: [128] }).msg).toContain(`shape [128] is not [${TEMPLATE_BYTES}]`);
    expect(failure({ ...t, shape: null, data: t.data.subarray(0, 74) }).msg).toContain('74 bytes');
    const foreign = Uint8Array.from({ length: 296 }, (_, i) => i + 7);
    expect(failure({ key: null, dtype: null, shape: null, data: foreign })).toMatchObject({ status: 422, loc: ['body', 'objects', 1, '$template'] });
    expect(failure({ key: null, dtype: null, shape: null, data: foreign }).msg).toContain('names no model this server knows');
  });
});
