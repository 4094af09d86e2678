/**
 * The age-estimator service end to end on real photos and the real model:
 * face-api's six group photos (22 faces, all adults of about 20 to 40),
 * process/image (detector boxes and keypoints) and process/sample (boxes
 * alone), both contract versions, batching, and the 422s of process/sample.
 */
import { readFileSync } from 'node:fs';
import { createImageApi, countRuns, type RunCounter } from '@facelab/core';
import { faceDetector } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageEstimator } from './index.ts';
import { AGE_HEAD, FACERES } from './models.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));

let app: Hono;
let counter: RunCounter;
const faceresRuns = (): number => counter.count(FACERES.id);
const detected = new Map<number, { bbox: number[]; age: string }[]>();

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
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
  app = await createImageApi({ plugins: [faceDetector(), ageEstimator()], inference, imageCodec: createSharpCodec() });
  for (let n = 1; n <= 6; n++) {
    const { status, json } = await postImage('/age-estimator/v2/process/image', photo(n));
    expect(status).toBe(200);
    detected.set(n, json.objects);
  }
});

describe('age-estimator process/image', () => {
  it('gives every face of the six photos an adult age as whole years', () => {
    const faces = [...detected.values()].flat();
    expect(faces.length).toBeGreaterThanOrEqual(22);
    const ages = faces.map((f) => {
      expect(f.age).toMatch(/^\d+$/);
      return Number(f.age);
    });
    // The detector may add a stray box; the real faces must all read as adults.
    expect(ages.filter((age) => age >= 15 && age <= 55).length).toBeGreaterThanOrEqual(22);
    const mean = ages.reduce((a, b) => a + b, 0) / ages.length;
    expect(mean).toBeGreaterThan(22);
    expect(mean).toBeLessThan(40);
  });

  it('reads about the same age from a mirrored photo', async () => {
    const mirrored = await sharp(photo(1)).flop().jpeg({ quality: 95 }).toBuffer();
    const faces = detected.get(1)!;
    const objects = faces.map((f, id) => ({ id, class: 'face', bbox: [1 - f.bbox[2], f.bbox[1], 1 - f.bbox[0], f.bbox[3]] }));
    const { json } = await post('/age-estimator/v2/process/sample', { _image: { blob: mirrored.toString('base64') }, objects });
    json.objects.forEach((o: { age: string }, i: number) => expect(Math.abs(Number(o.age) - Number(faces[i].age))).toBeLessThanOrEqual(4));
  });
});

describe('age-estimator process/sample', () => {
  it('runs faceres once for all the faces of a picture and agrees with process/image', async () => {
    const before = faceresRuns();
    const headBefore = counter.count(AGE_HEAD.id);
    const faces = detected.get(5)!;
    const { status, json } = await post('/age-estimator/v2/process/sample', { _image: { blob: photo(5).toString('base64') }, objects: faces.map((f, id) => ({ id, class: 'face', bbox: f.bbox })) });
    expect(status).toBe(200);
    expect(faceresRuns() - before).toBe(1);
    expect(counter.count(AGE_HEAD.id) - headBefore).toBe(1);
    expect(json.objects).toHaveLength(5);
    // Without the detector's eye keypoints the crop is not levelled; on these near-upright faces that moves little.
    json.objects.forEach((o: { age: string }, i: number) => expect(Math.abs(Number(o.age) - Number(faces[i].age))).toBeLessThanOrEqual(3));
  });

  it('answers v1 with the age as a string, keeps unknown fields and passes other classes through', async () => {
    const face = { id: 7, class: 'face', bbox: detected.get(1)![0].bbox, note: { keep: [1, 2] } };
    const body = { id: 8, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9], age: '99' };
    const { status, json } = await post('/age-estimator/v1/process/sample', { $image: photo(1).toString('base64'), objects: [face, body] });
    expect(status).toBe(200);
    expect(json.objects[0]).toMatchObject({ id: 7, class: 'face', note: { keep: [1, 2] }, age: expect.stringMatching(/^\d+$/) });
    expect(Math.abs(Number(json.objects[0].age) - Number(detected.get(1)![0].age))).toBeLessThanOrEqual(3);
    expect(json.objects[0].bbox).toEqual(face.bbox);
    expect(json.objects[1]).toEqual(body);
  });

  it('reads faceres\'s own age without the head (heads: false), and the head moves it', async () => {
    const raw = countRuns(createOrtBackend({ threads: 2 }));
    const plain = await createImageApi({ plugins: [faceDetector(), ageEstimator({ heads: false })], inference: raw.backend, imageCodec: createSharpCodec() });
    const faces = detected.get(5)!;
    const body = { _image: { blob: photo(5).toString('base64') }, objects: faces.map((f, id) => ({ id, class: 'face', bbox: f.bbox })) };
    const res = await plain.request('/age-estimator/v2/process/sample', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const ages = ((await res.json()) as { objects: { age: string }[] }).objects.map((o) => Number(o.age));
    expect(raw.count(FACERES.id)).toBe(1);
    expect(raw.count(AGE_HEAD.id)).toBe(0);
    ages.forEach((age) => expect(age).toBeGreaterThanOrEqual(15));
    // The same crops through the head: not the same ages on every face.
    expect(ages.some((age, i) => age !== Number(faces[i].age))).toBe(true);
  });

  it('accepts a request with no faces and runs nothing', async () => {
    const before = faceresRuns();
    const { status, json } = await post('/age-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [] });
    expect(status).toBe(200);
    expect(json.objects).toEqual([]);
    expect(faceresRuns()).toBe(before);
  });

  it.each([
    ['no bbox', { id: 0, class: 'face' }],
    ['an inverted bbox', { id: 0, class: 'face', bbox: [0.6, 0.2, 0.4, 0.5] }],
    ['a bbox outside the picture', { id: 0, class: 'face', bbox: [1.2, 0.2, 1.5, 0.5] }],
  ])('refuses a face with %s with a 422 naming its index', async (_, bad) => {
    const good = { id: 1, class: 'face', bbox: detected.get(1)![0].bbox };
    const { status, json } = await post('/age-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [good, bad] });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['body', 'objects', 1, 'bbox']);
    expect(json.detail[0].msg).toContain('Object 1');
  });
});
