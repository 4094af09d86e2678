/**
 * The gender unit's other sources on real photos and the real models:
 * face-api's age/gender net (`source: 'faceapi'`) and the mean of its and
 * faceres's P(male) (`source: 'mean'`), and one of the two by faceres's
 * age (`source: 'age-gated'`). face-api's six demo photos show
 * women only; process/sample with the detector's boxes must agree with
 * process/image.
 */
import { readFileSync } from 'node:fs';
import { countRuns, createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, type RunCounter, type SampleObject } from '@facelab/core';
import { createFaceresRunner, FACERES } from '@facelab/age-estimator';
import { createFaceFramer } from '@facelab/face-fitter';
import { faceDetector } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGE_GATE } from './age-gate.ts';
import { createFaceapiRunner, FACEAPI_AGE_GENDER, genderEstimator, genderUnit } from './index.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));

let counter: RunCounter;
const apps = new Map<string, Hono>();
const detected = new Map<string, { bbox: number[]; gender: string }[][]>();

async function postImage(app: Hono, bytes: Buffer): Promise<any> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const res = await app.request('/gender-estimator/v2/process/image', { method: 'POST', body: form });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  counter = countRuns(createOrtBackend({ threads: 2 }));
  for (const source of ['faceapi', 'mean', 'age-gated'] as const) {
    const app = await createImageApi({ plugins: [faceDetector(), genderEstimator({ source })], inference: counter.backend, imageCodec: createSharpCodec() });
    apps.set(source, app);
    const faces = [];
    for (let n = 1; n <= 6; n++) faces.push((await postImage(app, photo(n))).objects);
    detected.set(source, faces);
  }
});

describe.each(['faceapi', 'mean', 'age-gated'] as const)('gender-estimator with source %s', (source) => {
  it('reads the women of the six demo photos as female', () => {
    const faces = detected.get(source)!.flat();
    expect(faces.length).toBeGreaterThanOrEqual(22);
    expect(faces.filter((f) => f.gender === 'female').length).toBeGreaterThanOrEqual(21);
  });

  it('gives the same genders through process/sample with the detector boxes, one batched run per model', async () => {
    const objects = detected.get(source)![4];
    const before = { faceapi: counter.count(FACEAPI_AGE_GENDER.id), faceres: counter.count(FACERES.id) };
    const body = { _image: { blob: photo(5).toString('base64') }, objects: objects.map((f, id) => ({ id, class: 'face', bbox: f.bbox })) };
    const res = await apps.get(source)!.request('/gender-estimator/v2/process/sample', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const json: any = await res.json();
    expect(json.objects.map((o: { gender: string }) => o.gender)).toEqual(objects.map((f) => f.gender));
    // age-gated runs face-api only when a face lies outside the gate (checked per photo below).
    const faceapiRuns = counter.count(FACEAPI_AGE_GENDER.id) - before.faceapi;
    if (source === 'age-gated') expect(faceapiRuns).toBeLessThanOrEqual(1);
    else expect(faceapiRuns).toBe(1);
    expect(counter.count(FACERES.id) - before.faceres).toBe(source === 'faceapi' ? 0 : 1);
  });
});

describe('age-gated source', () => {
  it("answers faceres's gender where faceres ages the face within the gate and face-api's mirror-averaged one elsewhere", async () => {
    const inference = counter.backend;
    const framer = await createFaceFramer(inference);
    const faceres = await createFaceresRunner(inference, { flip: false, ageRule: 'expected', heads: false });
    const faceapi = await createFaceapiRunner(inference, true);
    const codec = createSharpCodec();
    let inside = 0;
    for (let n = 1; n <= 6; n++) {
      const objects: SampleObject[] = detected.get('age-gated')![n - 1].map((f, id) => ({ id, class: 'face', bbox: f.bbox as SampleObject['bbox'], extra: {} }));
      const body = { _image: { blob: photo(n).toString('base64') }, objects: objects.map(({ id, bbox }) => ({ id, class: 'face', bbox })) };
      const runsBefore = counter.count(FACEAPI_AGE_GENDER.id);
      const res = await apps.get('age-gated')!.request('/gender-estimator/v2/process/sample', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const faceapiRuns = counter.count(FACEAPI_AGE_GENDER.id) - runsBefore;
      const served = ((await res.json()) as { objects: { gender: string }[] }).objects.map((o) => o.gender);
      const image = ImageSource.open(new Uint8Array(photo(n)), codec, DEFAULT_IMAGE_LIMITS, ['image']);
      const { frames } = await framer.frames(image, objects);
      const [a, b] = [await faceres.estimate(image, frames), await faceapi.estimate(image, frames)];
      const expected = a.estimates.map((e, k) => {
        const within = e.age >= AGE_GATE.from && e.age <= AGE_GATE.to;
        inside += Number(within);
        return (within ? e.male >= 0.6 : b.estimates[k].male >= 0.5) ? 'male' : 'female';
      });
      expect(served).toEqual(expected);
      // face-api runs (once, batched) only for a photo with a face outside the gate.
      const outside = a.estimates.some((e) => e.age < AGE_GATE.from || e.age > AGE_GATE.to);
      expect(faceapiRuns).toBe(outside ? 1 : 0);
    }
    expect(inside).toBeGreaterThan(0);
  });
});

describe('gender unit sources', () => {
  it('loads only the models of its source', () => {
    expect(genderUnit({ source: 'faceres' }).models).not.toContain(FACEAPI_AGE_GENDER.id);
    expect(genderUnit().models).toEqual(expect.arrayContaining([FACERES.id, FACEAPI_AGE_GENDER.id]));
    expect(genderUnit({ source: 'faceapi' }).models).toContain(FACEAPI_AGE_GENDER.id);
    expect(genderUnit({ source: 'faceapi' }).models).not.toContain(FACERES.id);
    expect(genderUnit({ source: 'mean' }).models).toEqual(expect.arrayContaining([FACERES.id, FACEAPI_AGE_GENDER.id]));
    expect(genderUnit({ source: 'age-gated' }).models).toEqual(expect.arrayContaining([FACERES.id, FACEAPI_AGE_GENDER.id]));
  });

  it('refuses an unknown source at construction', () => {
    expect(() => genderEstimator({ source: 'gear' as never })).toThrow(/source/);
  });
});
