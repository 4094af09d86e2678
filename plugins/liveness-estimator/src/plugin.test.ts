/**
 * The two services end to end on real photos and the real models: face-api's
 * six group photos (22 live faces photographed by a camera) through detect,
 * fit and liveness; the wire in v1 and v2; the threshold option; the
 * sample route with fitted faces; batching.
 */
import { readFileSync } from 'node:fs';
import { createImageApi, countRuns, type RunCounter } from '@facelab/core';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec, ModelStore } from '@facelab/runtime';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { livenessEstimator } from './index.ts';
import { HEAD } from './models.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));
const FACES = [3, 3, 3, 4, 5, 4];

interface Face {
  bbox: [number, number, number, number];
  liveness: { value: string; confidence: number };
  [field: string]: unknown;
}

let app: Hono;
let counter: RunCounter;
const detected = new Map<number, Face[]>();

/**
 * The models store, with the head's manifest fragment (models/trained/liveness-head.json)
 * standing in while models/manifest.json holds no entry or an older one (the
 * lead merges the fragment).
 */
function modelStore(): ModelStore {
  const store = new ModelStore();
  const fragment = JSON.parse(readFileSync(new URL(`../../../models/trained/${HEAD.id}.json`, import.meta.url), 'utf8'));
  if (store.manifest.models[HEAD.id]?.onnx.sha256 !== fragment.onnx.sha256) store.manifest.models[HEAD.id] = fragment;
  return store;
}

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

/** The photo with fine vertical stripes over it, as a screen's pixel grid and moire add to a replayed face. */
async function withStripes(bytes: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < info.width * info.height; i++) {
    const shift = 10 * Math.sin((2 * Math.PI * (i % info.width)) / 4);
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.max(0, Math.min(255, data[i * 3 + c] + shift));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

const pReal = (l: { value: string; confidence: number }): number => (l.value.toLowerCase() === 'real' ? l.confidence : 1 - l.confidence);

beforeAll(async () => {
  const ort = createOrtBackend({ threads: 2, store: modelStore() });
  counter = countRuns(ort);
  const inference = counter.backend;
  app = await createImageApi({ plugins: [faceDetector(), faceFitter(), livenessEstimator()], inference, imageCodec: createSharpCodec() });
  for (let n = 1; n <= 6; n++) {
    const { status, json } = await postImage('/face-detector-liveness-estimator/v2/process/image', photo(n));
    expect(status).toBe(200);
    detected.set(n, json.objects);
  }
});

describe('face-detector-liveness-estimator', () => {
  it('gives every face of the six photos a liveness with the probability of its value', () => {
    expect([...detected.values()].map((f) => f.length)).toEqual(FACES);
    for (const face of [...detected.values()].flat()) {
      expect(['real', 'fake']).toContain(face.liveness.value);
      expect(face.liveness.confidence).toBeGreaterThanOrEqual(0);
      expect(face.liveness.confidence).toBeLessThanOrEqual(1);
      expect(face.keypoints).toBeDefined();
    }
  });

  it('runs each model once for all the faces of a picture', async () => {
    const before = new Map(counter.runs);
    const { status, json } = await postImage('/face-detector-liveness-estimator/v2/process/image', photo(5));
    expect(status).toBe(200);
    expect(json.objects).toHaveLength(5);
    for (const id of ['antispoof', 'liveness', HEAD.id]) expect(counter.count(id) - (before.get(id) ?? 0)).toBe(1);
  });

  it('answers v1 with REAL or FAKE', async () => {
    const { status, json } = await post('/face-detector-liveness-estimator/v1/process/sample', { $image: photo(1).toString('base64') });
    expect(status).toBe(200);
    expect(json.objects).toHaveLength(3);
    for (const o of json.objects) expect(['REAL', 'FAKE']).toContain(o.liveness.value);
    const v2 = detected.get(1)!.map((f) => pReal(f.liveness)).sort();
    const v1 = json.objects.map((o: Face) => pReal(o.liveness)).sort();
    v1.forEach((p: number, i: number) => expect(p).toBeCloseTo(v2[i], 4));
  });

  it('lets liveness_threshold move the decision, not the probability', async () => {
    const low = await post('/face-detector-liveness-estimator/v2/process/sample?liveness_threshold=0.000001', { _image: { blob: photo(2).toString('base64') } });
    const high = await post('/face-detector-liveness-estimator/v2/process/sample?liveness_threshold=1', { _image: { blob: photo(2).toString('base64') } });
    expect(low.json.objects.map((o: Face) => o.liveness.value)).toEqual(['real', 'real', 'real']);
    expect(high.json.objects.map((o: Face) => o.liveness.value)).toEqual(['fake', 'fake', 'fake']);
    low.json.objects.forEach((o: Face, i: number) => expect(pReal(o.liveness)).toBeCloseTo(pReal(high.json.objects[i].liveness), 6));
  });

  it.each(['1.5', '-1', 'high'])('refuses liveness_threshold=%s with a 422', async (raw) => {
    const [{ liveness, ...face }] = detected.get(1)!;
    const { status, json } = await post(`/liveness-estimator/v2/process/sample?liveness_threshold=${raw}`, { _image: { blob: photo(1).toString('base64') }, objects: [face] });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['query', 'liveness_threshold']);
  });
});

describe('liveness on live faces and on screen-like stripes', () => {
  it('calls almost all of the 22 live faces real at the default threshold', () => {
    const faces = [...detected.values()].flat();
    expect(faces.filter((f) => f.liveness.value === 'real').length).toBeGreaterThanOrEqual(19);
  });

  it('calls the same faces fake once fine stripes cover the photo', async () => {
    let fake = 0;
    for (let n = 1; n <= 6; n++) {
      const faces = detected.get(n)!.map(({ liveness, ...rest }) => rest);
      const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: (await withStripes(photo(n))).toString('base64') }, objects: faces });
      expect(status).toBe(200);
      json.objects.forEach((o: Face, i: number) => {
        expect(pReal(o.liveness)).toBeLessThan(pReal(detected.get(n)![i].liveness));
        if (o.liveness.value === 'fake') fake++;
      });
    }
    expect(fake).toBeGreaterThanOrEqual(20);
  });
});

describe('liveness-estimator (fitted faces in)', () => {
  it('gives the same answer as the image route for the faces it fitted', async () => {
    const faces = detected.get(4)!.map(({ liveness, ...rest }) => rest);
    const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(4).toString('base64') }, objects: faces });
    expect(status).toBe(200);
    json.objects.forEach((o: Face, i: number) => expect(pReal(o.liveness)).toBeCloseTo(pReal(detected.get(4)![i].liveness), 4));
  });

  it('passes objects of other classes through untouched', async () => {
    const [{ liveness, ...face }] = detected.get(1)!;
    const body = { id: 9, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9], note: 'kept' };
    const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [face, body] });
    expect(status).toBe(200);
    expect(json.objects[0].liveness.value).toBe(liveness.value);
    expect(json.objects[1]).toEqual(body);
  });

  it('answers 422 naming the object when a face has no landmarks', async () => {
    const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [{ id: 0, class: 'face', bbox: detected.get(1)![0].bbox }] });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['body', 'objects', 0, 'keypoints']);
  });
});
