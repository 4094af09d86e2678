/**
 * The emotion-estimator service end to end on real photos and the real
 * model: face-api's demo photos (smiling faces among them), process/image
 * and process/sample, both contract versions, batching, and the 422s.
 */
import { readFileSync } from 'node:fs';
import { createImageApi, countRuns, type RunCounter } from '@facelab/core';
import { faceDetector } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { emotionEstimator } from './index.ts';
import { SERVED_EMOTION_MODEL } from './models.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));
const V2 = ['angry', 'disgusted', 'scared', 'happy', 'neutral', 'sad', 'surprised'];

interface Scored {
  emotion: string;
  confidence: number;
}

let app: Hono;
let counter: RunCounter;
const runs = (): number => counter.count(SERVED_EMOTION_MODEL.id);
const detected = new Map<number, { bbox: number[]; emotions: Scored[] }[]>();

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

const top = (emotions: Scored[]): string => emotions.reduce((a, b) => (b.confidence > a.confidence ? b : a)).emotion;

beforeAll(async () => {
  const ort = createOrtBackend({ threads: 2 });
  counter = countRuns(ort);
  const inference = counter.backend;
  app = await createImageApi({ plugins: [faceDetector(), emotionEstimator()], inference, imageCodec: createSharpCodec() });
  for (const n of [1, 3]) {
    const { status, json } = await postImage('/emotion-estimator/v2/process/image', photo(n));
    expect(status).toBe(200);
    detected.set(n, json.objects);
  }
});

describe('emotion-estimator process/image', () => {
  it('gives each face all seven emotions in the contract order, summing to 1', () => {
    const faces = [...detected.values()].flat();
    expect(faces.length).toBeGreaterThanOrEqual(6);
    for (const face of faces) {
      expect(face.emotions.map((e) => e.emotion)).toEqual(V2);
      for (const e of face.emotions) expect(e.confidence).toBeGreaterThanOrEqual(0);
      expect(face.emotions.reduce((s, e) => s + e.confidence, 0)).toBeCloseTo(1, 6);
    }
  });

  it('reads the broad smiles of the demo photos as happy', () => {
    // sample1's right face and sample3's middle face smile widely (the dossier's run: happy 1.00 and 0.99).
    const rightmost = (faces: { bbox: number[]; emotions: Scored[] }[]) => faces.reduce((a, b) => (b.bbox[0] > a.bbox[0] ? b : a));
    const middle = (faces: { bbox: number[]; emotions: Scored[] }[]) => [...faces].sort((a, b) => a.bbox[0] - b.bbox[0])[Math.floor(faces.length / 2)];
    expect(top(rightmost(detected.get(1)!).emotions)).toBe('happy');
    expect(top(middle(detected.get(3)!).emotions)).toBe('happy');
  });
});

describe('emotion-estimator process/sample', () => {
  it('runs the network once per face and once per mirror image (its graph fixes the batch at 1) and agrees with process/image', async () => {
    const before = runs();
    const faces = detected.get(3)!;
    const { status, json } = await post('/emotion-estimator/v2/process/sample', { _image: { blob: photo(3).toString('base64') }, objects: faces.map((f, id) => ({ id, class: 'face', bbox: f.bbox })) });
    expect(status).toBe(200);
    expect(runs() - before).toBe(2 * faces.length);
    json.objects.forEach((o: { emotions: Scored[] }, i: number) => expect(top(o.emotions)).toBe(top(faces[i].emotions)));
  });

  it('answers v1 in upper case, keeps unknown fields and passes other classes through', async () => {
    const face = { id: 3, class: 'face', bbox: detected.get(1)![0].bbox, custom: 'kept' };
    const body = { id: 4, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9] };
    const { status, json } = await post('/emotion-estimator/v1/process/sample', { $image: photo(1).toString('base64'), objects: [face, body] });
    expect(status).toBe(200);
    expect(json.objects[0]).toMatchObject({ id: 3, class: 'face', custom: 'kept' });
    expect(json.objects[0].emotions.map((e: Scored) => e.emotion)).toEqual(V2.map((e) => e.toUpperCase()));
    expect(json.objects[1]).toEqual(body);
  });

  it('refuses a face without a usable bbox with a 422 naming its index', async () => {
    const good = { id: 0, class: 'face', bbox: detected.get(1)![0].bbox };
    for (const bad of [{ id: 1, class: 'face' }, { id: 1, class: 'face', bbox: [0.5, 0.5, 0.5, 0.6] }]) {
      const { status, json } = await post('/emotion-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [good, bad] });
      expect(status).toBe(422);
      expect(json.detail[0].loc).toEqual(['body', 'objects', 1, 'bbox']);
    }
  });
});
