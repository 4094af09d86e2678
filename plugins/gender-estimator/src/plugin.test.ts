/**
 * The gender-estimator service end to end on real photos and the real
 * models (the default source, age-gated: faceres and face-api's net): face-api's six demo photos show 22 women and no man, so the male
 * side is checked through the threshold option. Both contract versions,
 * batching, and the 422s of process/sample.
 */
import { readFileSync } from 'node:fs';
import { createImageApi, countRuns, type RunCounter } from '@facelab/core';
import { FACERES } from '@facelab/age-estimator';
import { faceDetector } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { genderEstimator } from './index.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));

let app: Hono;
let everyoneMale: Hono;
let counter: RunCounter;
const runs = (): number => counter.count(FACERES.id);
const detected = new Map<number, { bbox: number[]; gender: string }[]>();

async function post(target: Hono, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await target.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json() };
}

async function postImage(path: string, bytes: Buffer): Promise<{ status: number; json: any }> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const res = await app.request(path, { method: 'POST', body: form });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  const ort = createOrtBackend({ threads: 2 });
  counter = countRuns(ort);
  const inference = counter.backend;
  app = await createImageApi({ plugins: [faceDetector(), genderEstimator()], inference, imageCodec: createSharpCodec() });
  // The threshold applies to faceres's P(male); with the default age-gated source, faces outside the gate read face-api's at 0.5.
  everyoneMale = await createImageApi({ plugins: [faceDetector(), genderEstimator({ source: 'faceres', threshold: 0 })], inference, imageCodec: createSharpCodec() });
  for (let n = 1; n <= 6; n++) {
    const { status, json } = await postImage('/gender-estimator/v2/process/image', photo(n));
    expect(status).toBe(200);
    detected.set(n, json.objects);
  }
});

describe('gender-estimator process/image', () => {
  it('reads the women of the six demo photos as female', () => {
    const faces = [...detected.values()].flat();
    expect(faces.length).toBeGreaterThanOrEqual(22);
    for (const face of faces) expect(['male', 'female']).toContain(face.gender);
    expect(faces.filter((f) => f.gender === 'female').length).toBeGreaterThanOrEqual(21);
  });
});

describe('gender-estimator process/sample', () => {
  const request = (n: number) => ({ _image: { blob: photo(n).toString('base64') }, objects: detected.get(n)!.map((f, id) => ({ id, class: 'face', bbox: f.bbox })) });

  it('runs() faceres once for all the faces of a picture and agrees with process/image', async () => {
    const before = runs();
    const { status, json } = await post(app, '/gender-estimator/v2/process/sample', request(5));
    expect(status).toBe(200);
    expect(runs() - before).toBe(1);
    expect(json.objects.map((o: { gender: string }) => o.gender)).toEqual(detected.get(5)!.map((f) => f.gender));
  });

  it('answers v1 in upper case and follows the threshold option', async () => {
    const { json } = await post(everyoneMale, '/gender-estimator/v1/process/sample', { $image: photo(2).toString('base64'), objects: request(2).objects });
    expect(json.objects.map((o: { gender: string }) => o.gender)).toEqual(detected.get(2)!.map(() => 'MALE'));
    const plain = await post(app, '/gender-estimator/v1/process/sample', { $image: photo(2).toString('base64'), objects: request(2).objects });
    expect(plain.json.objects.map((o: { gender: string }) => o.gender)).toEqual(detected.get(2)!.map((f) => f.gender.toUpperCase()));
  });

  it('keeps unknown fields and passes other classes through', async () => {
    const face = { id: 1, class: 'face', bbox: detected.get(1)![0].bbox, tag: 'kept' };
    const body = { id: 2, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9], gender: 'MALE' };
    const { status, json } = await post(app, '/gender-estimator/v1/process/sample', { $image: photo(1).toString('base64'), objects: [face, body] });
    expect(status).toBe(200);
    expect(json.objects[0]).toMatchObject({ ...face, gender: 'FEMALE' });
    expect(json.objects[1]).toEqual(body);
  });

  it('refuses a face without a usable bbox with a 422 naming its index', async () => {
    const good = { id: 0, class: 'face', bbox: detected.get(1)![0].bbox };
    for (const bad of [{ id: 1, class: 'face' }, { id: 1, class: 'face', bbox: [0.7, 0.2, 0.3, 0.6] }]) {
      const { status, json } = await post(app, '/gender-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [good, bad] });
      expect(status).toBe(422);
      expect(json.detail[0].loc).toEqual(['body', 'objects', 1, 'bbox']);
    }
  });

  it('refuses a threshold outside [0, 1] at construction', () => {
    expect(() => genderEstimator({ threshold: 1.5 })).toThrow(/threshold/);
  });
});
