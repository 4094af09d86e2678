/**
 * verify-matcher over HTTP: the verification of two templates in both
 * contract versions, and a clear 4xx for every malformed request.
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, encodeBase64 } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { encodeTemplate, R34_FORMAT, TEMPLATE_BYTES, TEMPLATE_KEY, type TemplateFormat } from '@facelab/template-extractor';
import { CALIBRATION, R34_CALIBRATION, ratesAt, verifyMatcher } from './index.ts';

/** A deterministic unit vector; `mix` blends in a second one to set the angle. */
function unit(seed: number, other = 0, mix = 0, length = 512): Float32Array {
  const base = (s: number, i: number): number => Math.sin(s * 12.9898 + i * 78.233);
  const v = Float32Array.from({ length }, (_, i) => (1 - mix) * base(seed, i) + mix * base(other, i));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const v2Object = (e: Float32Array, format?: TemplateFormat): Record<string, unknown> => {
  const t = encodeTemplate(e, format);
  return { class: 'face', template: { [t.key!]: { blob: encodeBase64(t.data), format: 'NDARRAY', dtype: 'uint8', shape: t.shape } } };
};
/** A template as the previous release (ResNet-34, 128-d) made it. */
const r34Object = (seed: number, other = 0, mix = 0): Record<string, unknown> => v2Object(unit(seed, other, mix, 128), R34_FORMAT);

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
    const { status, json } = await verify({ objects: [{ $template: encodeBase64(a), template_size: TEMPLATE_BYTES }, { $template: encodeBase64(b), template_size: TEMPLATE_BYTES }] }, 'v1');
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
      [{ _face_template_extractor_other_7: entry }, 'another model or template version'],
      [{ [TEMPLATE_KEY]: { ...entry, dtype: 'float32' } }, 'dtype "float32"'],
      [{ [TEMPLATE_KEY]: { ...entry, shape: [4, 33] } }, 'shape [4, 33]'],
      [{ [TEMPLATE_KEY]: { ...entry, shape: [74], blob: encodeBase64(encodeTemplate(unit(1)).data.subarray(0, 74)) } }, `shape [74] is not [${TEMPLATE_BYTES}]`],
      [{ [TEMPLATE_KEY]: { ...entry, shape: [74], blob: encodeBase64(new Uint8Array(74)) } }, 'names no model this server knows'],
    ];
    for (const [template, msg] of cases) {
      const { status, json } = await verify({ objects: [good, { class: 'face', template }] });
      expect(status).toBe(422);
      expect(json.detail[0].loc.slice(0, 4)).toEqual(['body', 'objects', 1, 'template']);
      expect(json.detail[0].msg).toContain(msg);
    }
  });

  it('answers 422 for v1 bytes that are no facelab template', async () => {
    const { status, json } = await verify({ objects: [{ $template: encodeBase64(encodeTemplate(unit(1)).data) }, { $template: encodeBase64(new Uint8Array(74).fill(7)) }] }, 'v1');
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['body', 'objects', 1, '$template']);
    expect(json.detail[0].msg).toContain('names no model this server knows');
  });

  it('answers 400 "Failed to decode base64 string" for a blob that is not base64', async () => {
    const { status, json } = await verify({ objects: [v2Object(unit(1)), { class: 'face', template: { [TEMPLATE_KEY]: { blob: 'not*base64!', format: 'NDARRAY', dtype: 'uint8', shape: [TEMPLATE_BYTES] } } }] });
    expect(status).toBe(400);
    expect(json).toEqual({ detail: 'Failed to decode base64 string' });
    expect((await verify({ objects: [{ $template: '%%%' }, { $template: '%%%' }] }, 'v1')).status).toBe(400);
  });
});

describe("verify-matcher and the previous release's templates", () => {
  it('still compares two ResNet-34 templates (old key or v1), with their own calibration', async () => {
    const same = await verify({ objects: [r34Object(1), r34Object(1, 2, 0.05)] });
    expect(same.status).toBe(200);
    const apart = await verify({ objects: [r34Object(1), r34Object(7)] });
    expect(apart.json.verification.distance).toBeGreaterThan(same.json.verification.distance);
    // The ResNet-34 table: about 0.36 is where its fa_r reaches 1e-3, far below the MobileFaceNet's.
    expect(ratesAt(R34_CALIBRATION, 0.364).fa_r).toBeGreaterThan(3e-4);
    expect(same.json.verification.fa_r).toBeCloseTo(ratesAt(R34_CALIBRATION, same.json.verification.distance).fa_r, 12);
    // Read from the ResNet-34 table, not the MobileFaceNet's (whose impostors sit far further apart).
    const mid = (await verify({ objects: [r34Object(1), r34Object(1, 2, 0.35)] })).json.verification;
    expect(mid.fa_r).toBeCloseTo(ratesAt(R34_CALIBRATION, mid.distance).fa_r, 12);
    expect(mid.fa_r).toBeGreaterThan(100 * ratesAt(CALIBRATION, mid.distance).fa_r);
    const v1 = (o: Record<string, unknown>): Record<string, unknown> => ({ $template: (Object.values(o.template as object)[0] as { blob: string }).blob });
    const old = await verify({ objects: [v1(r34Object(1)), v1(r34Object(1, 2, 0.05))] }, 'v1');
    expect(old.status).toBe(200);
    expect(old.json.verification.distance).toBeCloseTo(same.json.verification.distance, 9);
  });

  it('refuses a ResNet-34 template against a new one with a 422 naming both models', async () => {
    for (const version of ['v2', 'v1'] as const) {
      const objects = [v2Object(unit(1)), r34Object(1)];
      const body = version === 'v2' ? { objects } : { objects: objects.map((o) => ({ $template: (Object.values(o.template as object)[0] as { blob: string }).blob })) };
      const { status, json } = await verify(body, version);
      expect(status).toBe(422);
      expect(json.detail[0].type).toBe('value_error.template.model');
      expect(json.detail[0].msg).toContain('object 0 is facelab_mfn v1 (MobileFaceNet');
      expect(json.detail[0].msg).toContain('object 1 is facelab_r34 v1 (dlib ResNet-34');
    }
  });

  it('refuses a ResNet-34 blob filed under the new key, saying what the header names', async () => {
    const r34 = (r34Object(1).template as Record<string, { blob: string }>)[R34_FORMAT.key];
    const { status, json } = await verify({ objects: [v2Object(unit(1)), { class: 'face', template: { [TEMPLATE_KEY]: { ...r34, format: 'NDARRAY', dtype: 'uint8', shape: [132] } } }] });
    expect(status).toBe(422);
    expect(json.detail[0].msg).toContain("header says facelab_r34 v1 (dlib ResNet-34, 128-d (the previous release's template))");
  });
});
