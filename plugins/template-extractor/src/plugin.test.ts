/**
 * The template services over HTTP with the real models on face-api's demo
 * photos: templates in both contract versions, the sample route from
 * fitted faces, and distances that separate the same face from others.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, decodeBase64, encodeBase64 } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { templateExtractor } from './index.ts';
import { decodeTemplate, TEMPLATE_BYTES, TEMPLATE_KEY } from './template.ts';

const DEMO = join(import.meta.dirname, '..', '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo');
// Downscaled copies keep the file fast; the faces stay 60+ pixels wide.
const photos = new Map<number, Buffer>();
const photo = (n: number): Buffer => photos.get(n)!;

let app: Hono;
beforeAll(async () => {
  for (const n of [1, 2, 3]) photos.set(n, await sharp(readFileSync(join(DEMO, `sample${n}.jpg`))).resize({ width: 900 }).jpeg({ quality: 90 }).toBuffer());
  app = await createImageApi({ plugins: [faceDetector(), faceFitter(), templateExtractor()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
});

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json() };
}

function embeddingOf(object: any): Float32Array {
  const t = object.template[TEMPLATE_KEY];
  return decodeTemplate({ key: TEMPLATE_KEY, dtype: t.dtype, shape: t.shape, data: decodeBase64(t.blob) }, 0).embedding;
}

const distance = (a: Float32Array, b: Float32Array): number => Math.hypot(...a.map((v, i) => v - b[i]));
const centreX = (o: any): number => (o.bbox[0] + o.bbox[2]) / 2;
/** The n most confident faces (the photos' real faces; a detector may add weak extra boxes). */
const top = (objects: any[], n: number): any[] => [...objects].sort((a, b) => b.confidence - a.confidence).slice(0, n);

describe('face-detector-template-extractor', () => {
  it('gives every face of a group photo a v2 template under the contract key', async () => {
    const { status, json } = await post('/face-detector-template-extractor/v2/process/sample', { _image: { blob: encodeBase64(photo(1)) } });
    expect(status).toBe(200);
    expect(json.objects.length).toBeGreaterThanOrEqual(3);
    for (const o of json.objects) {
      expect(Object.keys(o.template)).toEqual([TEMPLATE_KEY]);
      expect(Object.keys(o.template)).toEqual(['_face_template_extractor_1000_12']);
      expect(o.template[TEMPLATE_KEY]).toMatchObject({ format: 'NDARRAY', dtype: 'uint8', shape: [TEMPLATE_BYTES] });
      const blob = decodeBase64(o.template[TEMPLATE_KEY].blob);
      expect(blob).toHaveLength(TEMPLATE_BYTES);
      // The blob names its model itself: "mfn" + format version 1.
      expect(String.fromCharCode(...blob.subarray(0, 3))).toBe('mfn');
    }
    // Three different women: apart beyond about the distance that accepts 1 impostor pair in 1000 on the dev pairs (1.16).
    const e = top(json.objects, 3).map(embeddingOf);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(distance(e[i], e[j])).toBeGreaterThan(1.15);
  });

  it('answers v1 with $template and template_size', async () => {
    const { status, json } = await post('/face-detector-template-extractor/v1/process/sample', { $image: encodeBase64(photo(2)) });
    expect(status).toBe(200);
    expect(json.objects.length).toBeGreaterThanOrEqual(3);
    for (const o of json.objects) {
      expect(o.template_size).toBe(TEMPLATE_BYTES);
      expect(decodeBase64(o.$template)).toHaveLength(TEMPLATE_BYTES);
    }
  });

  it('finds the same face again in a mirrored, downscaled copy of the photo', async () => {
    const original = top((await post('/face-detector-template-extractor/v2/process/sample', { _image: { blob: encodeBase64(photo(3)) } })).json.objects, 3);
    const copy = await sharp(photo(3)).flop().resize({ width: 700 }).jpeg({ quality: 80 }).toBuffer();
    const mirrored = top((await post('/face-detector-template-extractor/v2/process/sample', { _image: { blob: encodeBase64(copy) } })).json.objects, 3);
    for (const o of original) {
      // Its mirror image sits at 1 - x.
      const twin = mirrored.reduce((best: any, m: any) => (Math.abs(1 - centreX(m) - centreX(o)) < Math.abs(1 - centreX(best) - centreX(o)) ? m : best));
      const same = distance(embeddingOf(o), embeddingOf(twin));
      // The aligned crop of a mirrored, smaller copy: far closer than a dev genuine pair needs (1.09 at FAR 1e-4;
      // the 4-bit templates add about 0.2 of rounding to every distance); the other people stay beyond that distance.
      expect(same).toBeLessThan(0.45);
      for (const other of mirrored.filter((m: any) => m !== twin)) expect(distance(embeddingOf(o), embeddingOf(other))).toBeGreaterThan(1.08);
    }
  });
});

describe('template-extractor', () => {
  it('makes the same templates from fitted faces sent to process/sample', async () => {
    const image = { blob: encodeBase64(photo(1)) };
    const fitted = (await post('/face-detector-face-fitter/v2/process/sample', { _image: image })).json;
    const direct = (await post('/face-detector-template-extractor/v2/process/sample', { _image: image })).json;
    const { status, json } = await post('/template-extractor/v2/process/sample', { _image: image, objects: fitted.objects });
    expect(status).toBe(200);
    expect(json.objects).toHaveLength(direct.objects.length);
    json.objects.forEach((o: any, i: number) => {
      // The keypoints went through JSON, so the crops may differ in the last bits, and a value at a rounding
      // edge may land one 4-bit level away (about 0.03 of distance each).
      expect(distance(embeddingOf(o), embeddingOf(direct.objects[i]))).toBeLessThan(0.1);
      expect(o.keypoints).toEqual(fitted.objects[i].keypoints);
    });
  });

  it('answers 422 for faces without keypoints, naming the object', async () => {
    const { status, json } = await post('/template-extractor/v2/process/sample', { _image: { blob: encodeBase64(photo(2)) }, objects: [{ class: 'face', bbox: [0.1, 0.1, 0.4, 0.5] }] });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(['body', 'objects', 0, 'keypoints']);
  });

  it('answers 422 when the keypoints hold no eyes', async () => {
    const keypoints = { nose: { proj: [0.3, 0.3] }, chin: { proj: [0.3, 0.45] } };
    const { status, json } = await post('/template-extractor/v2/process/sample', { _image: { blob: encodeBase64(photo(2)) }, objects: [{ class: 'face', bbox: [0.1, 0.1, 0.4, 0.5], keypoints }] });
    expect(status).toBe(422);
    expect(json.detail[0].msg).toContain('both eyes');
  });
});
