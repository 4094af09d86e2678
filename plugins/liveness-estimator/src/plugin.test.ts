/**
 * The two services end to end on real photos and the real models: face-api's
 * six group photos (22 live faces photographed by a camera) through detect,
 * fit and liveness; the wire in v1 and v2; the threshold option; the
 * sample route with the detector's boxes, with boxes 0.8x and 1.3x those
 * (the crop follows the located face, so the decision holds); one model run
 * per face and one head run per request; fr-liveness's class order on live
 * faces.
 */
import { readFileSync } from 'node:fs';
import { createImageApi, countRuns, DEFAULT_IMAGE_LIMITS, ImageSource, type RunCounter } from '@facelab/core';
import { faceDetector } from '@facelab/face-detector';
import { createFaceFramer, faceFitter } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec, ModelStore } from '@facelab/runtime';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, livenessEstimator } from './index.ts';
import { dtnReading } from './dtn-score.ts';
import { locateFaces } from './locate-face.ts';
import { DTN_ANTISPOOF, EMBED_HEAD, FR_LIVENESS_EMBED } from './models.ts';
import { SERVED_CROP_SCALE } from './spoof-crop.ts';
import { softmax, spoofEmbedding } from './spoof-score.ts';

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

const fragment = JSON.parse(readFileSync(new URL(`../../../models/trained/${EMBED_HEAD.id}.json`, import.meta.url), 'utf8'));

/**
 * The models store, with the head's manifest fragment (models/trained/liveness-embed-head.json)
 * standing in while models/manifest.json holds no entry or an older one (the
 * lead merges the fragment).
 */
function modelStore(): ModelStore {
  const store = new ModelStore();
  if (store.manifest.models[EMBED_HEAD.id]?.onnx.sha256 !== fragment.onnx.sha256) store.manifest.models[EMBED_HEAD.id] = fragment;
  return store;
}
let ort: ReturnType<typeof createOrtBackend>;

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

const pReal = (l: { value: string; confidence: number }): number => (l.value.toLowerCase() === 'real' ? l.confidence : 1 - l.confidence);

/** The box scaled by `k` about its centre. */
function scaled([x1, y1, x2, y2]: Face['bbox'], k: number): Face['bbox'] {
  const [cx, cy, hw, hh] = [(x1 + x2) / 2, (y1 + y2) / 2, ((x2 - x1) * k) / 2, ((y2 - y1) * k) / 2];
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

/** How far P(real) of the same face may move between the image route and a box sent alone (measured: up to 0.082). */
const SAME_FACE_TOLERANCE = 0.1;

beforeAll(async () => {
  ort = createOrtBackend({ threads: 2, store: modelStore() });
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

  it('runs fr-liveness-embed once and dtn-antispoof twice per face (batch 1), and the head once for all faces', async () => {
    const before = new Map(counter.runs);
    const { status, json } = await postImage('/face-detector-liveness-estimator/v2/process/image', photo(5));
    expect(status).toBe(200);
    expect(json.objects).toHaveLength(5);
    expect(counter.count(FR_LIVENESS_EMBED.id) - (before.get(FR_LIVENESS_EMBED.id) ?? 0)).toBe(5);
    expect(counter.count(DTN_ANTISPOOF.id) - (before.get(DTN_ANTISPOOF.id) ?? 0)).toBe(10);
    expect(counter.count(EMBED_HEAD.id) - (before.get(EMBED_HEAD.id) ?? 0)).toBe(1);
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

describe('liveness on live faces', () => {
  it('calls most of the 22 live faces real at the default threshold', () => {
    const faces = [...detected.values()].flat();
    // Measured: 18 of 22 with the head on located-face crops (20 with the box-multiple crops before); loose
    // group photos are unlike the tight training crops, see the README.
    expect(faces.filter((f) => f.liveness.value === 'real').length).toBeGreaterThanOrEqual(18);
  });

  it('reads fr-liveness class 1 as real: it wins over the spoof classes on most of the live faces', async () => {
    const session = await ort.load(FR_LIVENESS_EMBED.id);
    const framer = await createFaceFramer(ort);
    let real = 0;
    let total = 0;
    for (let n = 1; n <= 6; n++) {
      const image = ImageSource.open(photo(n), createSharpCodec(), DEFAULT_IMAGE_LIMITS, ['image']);
      const picture = await image.full();
      const { boxes } = await locateFaces(framer, image, detected.get(n)!.map((f) => ({ class: 'face', bbox: f.bbox, extra: {} })));
      for (const box of boxes) {
        const p = softmax((await spoofEmbedding(session, picture, box, { scale: SERVED_CROP_SCALE, shape: 'square' })).logits);
        if (p[1] > p[0] + p[2]) real++;
        total++;
      }
    }
    expect(total).toBe(22);
    expect(real).toBeGreaterThanOrEqual(18);
  });

  it('reads dtn-antispoof as upstream does: one routed leaf, its |score| the spoof score, below 0.2 (live) on some of the live faces', async () => {
    const session = await ort.load(DTN_ANTISPOOF.id);
    let live = 0;
    let total = 0;
    for (let n = 1; n <= 6; n++) {
      const picture = await ImageSource.open(photo(n), createSharpCodec(), DEFAULT_IMAGE_LIMITS, ['image']).full();
      for (const face of detected.get(n)!) {
        const r = await dtnReading(session, picture, face.bbox, 1.0);
        expect(r.leaves).toHaveLength(8);
        expect(r.score).toBe(Math.abs(r.leaves[r.leaf]));
        if (r.score < 0.2) live++;
        total++;
      }
    }
    expect(total).toBe(22);
    // Measured: 9 of the 22. On this box convention upstream's own cut calls fewer than half of these live faces live,
    // which is why the head reads -log(score) as one input among 130 instead of using the cut.
    expect(live).toBeGreaterThanOrEqual(8);
    expect(live).toBeLessThan(22);
  });

  it('defaults to the threshold the training script recorded', () => {
    expect(DEFAULT_THRESHOLD).toBe(fragment.training.defaultThreshold);
  });
});

describe('liveness-estimator (fitted faces in)', () => {
  it('gives the same answer as the image route for the faces it fitted', async () => {
    const faces = detected.get(4)!.map(({ liveness, ...rest }) => rest);
    const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(4).toString('base64') }, objects: faces });
    expect(status).toBe(200);
    json.objects.forEach((o: Face, i: number) => {
      expect(o.liveness.value).toBe(detected.get(4)![i].liveness.value);
      expect(pReal(o.liveness)).toBeCloseTo(pReal(detected.get(4)![i].liveness), 4);
    });
  });

  // Photos 2 and 4 aside: the mesh does not locate one of their faces from every one of these boxes (locate-face.test.ts).
  it.each([1, 3, 5, 6])('gives photo %i\'s faces the same decision sent with only the detector box, or that box at 0.8x or 1.3x', async (n) => {
    for (const k of [1, 0.8, 1.3]) {
      const boxes = detected.get(n)!.map((f, id) => ({ id, class: 'face', bbox: scaled(f.bbox, k) }));
      const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(n).toString('base64') }, objects: boxes });
      expect(status).toBe(200);
      json.objects.forEach((o: Face, i: number) => {
        const want = detected.get(n)![i].liveness;
        expect(o.liveness.value).toBe(want.value);
        // The image route reads the fitter's points, these the mesh located in the box: the crops differ by about a
        // pixel, and the models are that sensitive (measured: P(real) apart by up to 0.08, one face of photo 5).
        expect(Math.abs(pReal(o.liveness) - pReal(want))).toBeLessThan(SAME_FACE_TOLERANCE);
      });
    }
  });

  it('flips a decision with liveness_threshold just above or below its P(real)', async () => {
    const [{ liveness, ...face }] = detected.get(6)!;
    const p = pReal(liveness);
    const at = async (t: number): Promise<string> => (await post(`/liveness-estimator/v2/process/sample?liveness_threshold=${t}`, { _image: { blob: photo(6).toString('base64') }, objects: [face] })).json.objects[0].liveness.value;
    expect(await at(Math.max(0, p - 0.01))).toBe('real');
    expect(await at(Math.min(1, p + 0.01))).toBe('fake');
  });

  it('passes objects of other classes through untouched', async () => {
    const [{ liveness, ...face }] = detected.get(1)!;
    const body = { id: 9, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9], note: 'kept' };
    const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [face, body] });
    expect(status).toBe(200);
    expect(json.objects[0].liveness.value).toBe(liveness.value);
    expect(json.objects[1]).toEqual(body);
  });

  it('answers 422 naming the object when a face has no box', async () => {
    const { status, json } = await post('/liveness-estimator/v2/process/sample', { _image: { blob: photo(1).toString('base64') }, objects: [{ id: 0, class: 'face' }] });
    expect(status).toBe(422);
    expect(json.detail[0].loc.slice(0, 3)).toEqual(['body', 'objects', 0]);
  });
});
