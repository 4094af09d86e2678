/**
 * verify-matcher over HTTP: the verification of two templates in both
 * contract versions, and a clear 4xx for every malformed request.
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, encodeBase64 } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { encodeTemplate, TEMPLATE_KEY } from '@facelab/template-extractor';
import { verifyMatcher } from './index.ts';

/** A deterministic unit vector; `mix` blends in a second one to set the angle. */
function unit(seed: number, other = 0, mix = 0): Float32Array {
  const base = (s: number, i: number): number => Math.sin(s * 12.9898 + i * 78.233);
  const v = Float32Array.from({ length: 128 }, (_, i) => (1 - mix) * base(seed, i) + mix * base(other, i));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const v2Object = (e: Float32Array): Record<string, unknown> => {
  const t = encodeTemplate(e);
  return { class: 'face', template: { [TEMPLATE_KEY]: { blob: encodeBase64(t.data), format: 'NDARRAY', dtype: 'uint8', shape: [132] } } };
};

let app: Hono;
beforeAll(async () => {
  app = await createImageApi({ plugins: [verifyMatcher()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
});

async function verify(body: unknown, version = 'v2'): Promise<{ status: number; json: any }> {
  const res = await app.request(`/verify-matcher/${version}/process/sample`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json() };
}

describe('verify-matcher', () => {
  it('answers the same template with distance 0, no false acceptance and a high score', async () => {
    const { status, json } = await verify({ objects: [v2Object(unit(1)), v2Object(unit(1))] });
    expect(status).toBe(200);
    expect(json.objects).toHaveLength(2);
    expect(json.objects[0].template[TEMPLATE_KEY].blob).toBeTypeOf('string');
    expect(json.verification.distance).toBeCloseTo(0, 6);
    expect(json.verification.fa_r).toBeLessThan(1e-6);
    expect(json.verification.fr_r).toBeGreaterThan(0.99);
    expect(json.verification.score).toBeGreaterThan(0.99);
  });

  it('reads rates that move the right way as templates drift apart', async () => {
    const results = [];
    for (const mix of [0, 0.1, 0.2, 0.3, 0.5]) results.push((await verify({ objects: [v2Object(unit(1)), v2Object(unit(1, 2, mix))] })).json.verification);
    for (let i = 1; i < results.length; i++) {
      expect(results[i].distance).toBeGreaterThan(results[i - 1].distance);
      expect(results[i].fa_r).toBeGreaterThanOrEqual(results[i - 1].fa_r);
      expect(results[i].fr_r).toBeLessThanOrEqual(results[i - 1].fr_r);
      expect(results[i].score).toBeLessThanOrEqual(results[i - 1].score);
    }
    // Unrelated vectors are about sqrt(2) apart: every impostor is closer, so all are accepted.
    const far = (await verify({ objects: [v2Object(unit(1)), v2Object(unit(7))] })).json.verification;
    expect(far.distance).toBeGreaterThan(1.2);
    expect(far.fa_r).toBeGreaterThan(0.9);
    expect(far.score).toBeLessThan(0.01);
  });

  it('takes v1 templates and answers in v1', async () => {
    const a = encodeTemplate(unit(3)).data;
    const b = encodeTemplate(unit(3, 4, 0.3)).data;
    const { status, json } = await verify({ objects: [{ $template: encodeBase64(a), template_size: 132 }, { $template: encodeBase64(b), template_size: 132 }] }, 'v1');
    expect(status).toBe(200);
    expect(json.objects[1].$template).toBe(encodeBase64(b));
    expect(json.verification.distance).toBeGreaterThan(0.1);
    expect(Object.keys(json.verification).sort()).toEqual(['distance', 'fa_r', 'fr_r', 'score']);
  });

  it.each([
    ['no objects', { objects: [] }, ['body', 'objects'], 'exactly two'],
    ['one object', { objects: [v2Object(unit(1))] }, ['body', 'objects'], 'the request has 1'],
    ['three objects', { objects: [v2Object(unit(1)), v2Object(unit(2)), v2Object(unit(3))] }, ['body', 'objects'], 'the request has 3'],
    ['an object without a template', { objects: [v2Object(unit(1)), { class: 'face' }] }, ['body', 'objects', 1], 'no template'],
  ])('answers 422 for %s', async (_, body, loc, msg) => {
    const { status, json } = await verify(body);
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(loc);
    expect(json.detail[0].msg).toContain(msg);
  });

  it('answers 422 for a template of another model, dtype or shape', async () => {
    const good = v2Object(unit(1));
    const entry = (good.template as any)[TEMPLATE_KEY];
    const cases: [Record<string, unknown>, string][] = [
      [{ _face_template_extractor_1000_12: entry }, 'another model or template version'],
      [{ [TEMPLATE_KEY]: { ...entry, dtype: 'float32' } }, 'dtype "float32"'],
      [{ [TEMPLATE_KEY]: { ...entry, shape: [4, 33] } }, 'shape [4, 33]'],
      [{ [TEMPLATE_KEY]: { ...entry, shape: [74], blob: encodeBase64(new Uint8Array(74)) } }, 'shape [74]'],
    ];
    for (const [template, msg] of cases) {
      const { status, json } = await verify({ objects: [good, { class: 'face', template }] });
      expect(status).toBe(422);
      expect(json.detail[0].loc.slice(0, 4)).toEqual(['body', 'objects', 1, 'template']);
      expect(json.detail[0].msg).toContain(msg);
    }
  });

  it('answers 422 for v1 bytes that are not a facelab_r34 template', async () => {
    const { status, json } = await verify({ objects: [{ $template: encodeBase64(encodeTemplate(unit(1)).data) }, { $template: encodeBase64(new Uint8Array(74).fill(7)) }] }, 'v1');
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['body', 'objects', 1, '$template']);
    expect(json.detail[0].msg).toContain('74 bytes');
  });

  it('answers 400 "Failed to decode base64 string" for a blob that is not base64', async () => {
    const { status, json } = await verify({ objects: [v2Object(unit(1)), { class: 'face', template: { [TEMPLATE_KEY]: { blob: 'not*base64!', format: 'NDARRAY', dtype: 'uint8', shape: [132] } } }] });
    expect(status).toBe(400);
    expect(json).toEqual({ detail: 'Failed to decode base64 string' });
    expect((await verify({ objects: [{ $template: '%%%' }, { $template: '%%%' }] }, 'v1')).status).toBe(400);
  });
});
