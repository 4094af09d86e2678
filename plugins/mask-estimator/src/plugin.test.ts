/**
 * The service end to end on real photos and real models: face-api's six
 * group photos (22 bare faces), and the same faces with a plain mask shape
 * painted over nose and mouth (drawn here from the face box alone, nothing
 * like the training script's masks).
 */
import { readFileSync } from 'node:fs';
import { createImageApi, type BBox, countRuns, type RunCounter } from '@facelab/core';
import { faceDetector } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskEstimator } from './index.ts';
import { FEATURE_MODEL } from './models.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));
const FACES = [3, 3, 3, 4, 5, 4];

interface Face {
  bbox: BBox;
  has_medical_mask?: { value: boolean; confidence: number };
  mask?: { value: boolean; confidence: number };
}

let app: Hono;
let counter: RunCounter;
const featureRuns = (): number => counter.count(FEATURE_MODEL.id);
const detected = new Map<number, Face[]>();

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

/** Paints a rounded light-blue mask over the lower part of each box (nose to below the chin). */
async function paintMasks(bytes: Buffer, boxes: BBox[]): Promise<Buffer> {
  const { width, height } = await sharp(bytes).metadata();
  const shapes = boxes.map(([x1, y1, x2, y2]) => {
    const [l, r, w, h] = [x1 * width!, x2 * width!, (x2 - x1) * width!, (y2 - y1) * height!];
    const top = y1 * height! + 0.5 * h;
    const bottom = y1 * height! + 1.05 * h;
    const cx = (l + r) / 2;
    return `<path d="M ${l} ${top + 0.1 * h} Q ${cx} ${top - 0.12 * h} ${r} ${top + 0.1 * h} L ${r - 0.05 * w} ${bottom - 0.2 * h} Q ${cx} ${bottom + 0.08 * h} ${l + 0.05 * w} ${bottom - 0.2 * h} Z" fill="url(#g)"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#cfe6f2"/><stop offset="1" stop-color="#8fb8cc"/></linearGradient></defs>${shapes.join('')}</svg>`;
  return sharp(bytes).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 90 }).toBuffer();
}

beforeAll(async () => {
  const ort = createOrtBackend({ threads: 2 });
  counter = countRuns(ort);
  const inference = counter.backend;
  app = await createImageApi({ plugins: [faceDetector(), maskEstimator()], inference, imageCodec: createSharpCodec() });
  for (let n = 1; n <= 6; n++) {
    const { status, json } = await postImage('/mask-estimator/v2/process/image', photo(n));
    expect(status).toBe(200);
    detected.set(n, json.objects);
  }
});

describe('mask-estimator on bare faces', () => {
  it('scores every detected face of the six photos and calls almost all of them bare', () => {
    const faces = [...detected.values()].flat() as Face[];
    expect(faces.length).toBeGreaterThanOrEqual(FACES.reduce((a, b) => a + b) - 1);
    for (const face of faces) {
      expect(face.has_medical_mask!.confidence).toBeGreaterThanOrEqual(0);
      expect(face.has_medical_mask!.confidence).toBeLessThanOrEqual(1);
      expect(face.has_medical_mask!.value).toBe(face.has_medical_mask!.confidence >= 0.5);
    }
    expect(faces.filter((f) => !f.has_medical_mask!.value).length).toBeGreaterThanOrEqual(faces.length - 1);
  });

  it('runs the feature model once for all the faces of a picture', async () => {
    const before = featureRuns();
    const boxes = detected.get(5)!.map((f) => f.bbox);
    const { status, json } = await post('/mask-estimator/v2/process/sample', { _image: { blob: photo(5).toString('base64') }, objects: boxes.map((bbox, id) => ({ id, class: 'face', bbox })) });
    expect(status).toBe(200);
    expect(json.objects).toHaveLength(5);
    expect(featureRuns() - before).toBe(1);
  });
});

describe('mask-estimator on painted masks', () => {
  it('calls masked faces masked (process/sample with the detected boxes)', async () => {
    let masked = 0;
    let total = 0;
    const expected = [...detected.values()].flat().length;
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const boxes = detected.get(n)!.map((f) => f.bbox);
      const painted = await paintMasks(photo(n), boxes);
      const { status, json } = await post('/mask-estimator/v2/process/sample', { _image: { blob: painted.toString('base64') }, objects: boxes.map((bbox, id) => ({ id, class: 'face', bbox })) });
      expect(status).toBe(200);
      total += json.objects.length;
      masked += json.objects.filter((o: Face) => o.has_medical_mask!.value).length;
    }
    expect(total).toBe(expected);
    expect(masked).toBeGreaterThanOrEqual(Math.ceil(0.8 * total));
  });
});

describe('mask-estimator wire and options', () => {
  const sample = (extra: Record<string, unknown> = {}) => ({
    $image: photo(1).toString('base64'),
    objects: [{ id: 0, class: 'face', bbox: detected.get(1)![0].bbox, ...extra }, { id: 1, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9] }],
  });

  it('answers v1 with `mask`, keeps the box and passes other classes through', async () => {
    const { status, json } = await post('/mask-estimator/v1/process/sample', sample());
    expect(status).toBe(200);
    expect(json.objects[0].mask).toEqual({ confidence: expect.any(Number), value: false });
    expect(json.objects[0].bbox).toEqual(detected.get(1)![0].bbox);
    expect(json.objects[1].mask).toBeUndefined();
    expect(json.objects[1].class).toBe('body');
  });

  it('lets mask_threshold move the decision', async () => {
    // Thresholds are in (0, 1] and the head is sure of bare and painted faces (P 0 and 1), so the
    // face is a blend of the two, faded in until its P(mask) lies strictly between 0 and 1.
    const { bbox } = detected.get(1)![0];
    const painted = await paintMasks(photo(1), [bbox]);
    let body: Record<string, unknown> | undefined;
    let p = 0;
    for (let opacity = 0.5; opacity <= 1 && !(p > 0 && p < 1); opacity += 0.05) {
      const blend = await sharp(photo(1)).composite([{ input: await sharp(painted).ensureAlpha(opacity).png().toBuffer() }]).jpeg({ quality: 90 }).toBuffer();
      body = { $image: blend.toString('base64'), objects: [{ id: 0, class: 'face', bbox }] };
      p = (await post('/mask-estimator/v1/process/sample', body)).json.objects[0].mask.confidence;
    }
    expect(p > 0 && p < 1).toBe(true);
    const low = await post(`/mask-estimator/v1/process/sample?mask_threshold=${p}`, body);
    expect(low.json.objects[0].mask.value).toBe(true);
    const high = await post(`/mask-estimator/v1/process/sample?mask_threshold=${(p + 1) / 2}`, body);
    expect(high.json.objects[0].mask.value).toBe(false);
    expect(high.json.objects[0].mask.confidence).toBeCloseTo(low.json.objects[0].mask.confidence, 6);
  });

  it.each(['2', 'x'])('refuses mask_threshold=%s with a 422', async (raw) => {
    const { status, json } = await post(`/mask-estimator/v2/process/sample?mask_threshold=${raw}`, { _image: { blob: photo(1).toString('base64') }, objects: [{ id: 0, class: 'face', bbox: [0.2, 0.2, 0.4, 0.5] }] });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['query', 'mask_threshold']);
  });

  it('refuses a face without a box with a 422', async () => {
    const { status, json } = await post('/mask-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [{ id: 0, class: 'face' }] });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['body', 'objects', 0, 'bbox']);
  });
});
