/**
 * Limits checked at the edge, before any work: body size while it
 * streams, JSON depth, objects per request, pixels per picture (BMP
 * included), bbox bounds, query thresholds, and a picture that must decode
 * even when no unit needs it. Each gets its 4xx in the contract's shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, encodeBase64 } from '@facelab/core';
import { createImageCodec } from '@facelab/runtime';
import { rle8Bmp } from './helpers/bmp.ts';
import { noModels, plumbingPlugin } from './helpers/plumbing-plugin.ts';

const photo = readFileSync(join(import.meta.dirname, '../node_modules/@vladmandic/face-api/demo/sample2.jpg'));

let app: Hono;
let blob: string;
beforeAll(async () => {
  app = await createImageApi({ plugins: [plumbingPlugin()], inference: noModels, imageCodec: await createImageCodec(), limits: { maxObjects: 8 } });
  blob = (await sharp(photo).resize(200).jpeg().toBuffer()).toString('base64');
});

const post = (path: string, body: BodyInit | object, type = 'application/json') =>
  app.request(path, { method: 'POST', body: typeof body === 'object' && !(body instanceof Uint8Array) && !(body instanceof ReadableStream) ? JSON.stringify(body) : (body as BodyInit), headers: { 'content-type': type } });

describe('limits at the edge', () => {
  it('413 for a body over the limit while it streams, without reading the rest', async () => {
    let pulled = 0;
    for (const [path, type] of [['/framer/v2/process/sample', 'application/json'], ['/framer/v2/process/image', 'image/jpeg']]) {
      pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(1 << 20).fill(0x41));
        },
      });
      const res = await app.request(path, { method: 'POST', body: endless, headers: { 'content-type': type }, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413);
      expect((await res.json()).detail).toMatch(/too large/);
      expect(pulled).toBeLessThan(12);
    }
    const declared = await app.request('/framer/v2/process/image', { method: 'POST', body: 'x', headers: { 'content-type': 'image/jpeg', 'content-length': String(256e6) } });
    expect(declared.status).toBe(413);
  });

  it('422 for JSON nested 20,000 levels deep in an unknown field', async () => {
    const deep = `{"_image": {"blob": "${blob}"}, "extra": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    for (const path of ['/framer/v2/process/sample', '/tilter/v1/process/sample', '/framer/v2/process/image']) {
      const res = await post(path, deep);
      expect(res.status).toBe(422);
      expect((await res.json()).detail[0]).toMatchObject({ loc: ['body'], msg: expect.stringMatching(/nested deeper than 64/) });
    }
    // Brackets inside strings are text, not nesting.
    const text = await post('/framer/v2/process/sample', { _image: { blob }, note: '['.repeat(1000) });
    expect(text.status).toBe(200);
  });

  it('422 naming the limit for more objects than allowed per request', async () => {
    const objects = Array.from({ length: 9 }, (_, i) => ({ id: i, class: 'face', bbox: [0, 0, 1, 1] }));
    const res = await post('/tilter/v2/process/sample', { _image: { blob }, objects });
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0]).toMatchObject({ loc: ['body', 'objects'], msg: 'Too many objects: 9; the limit is 8 per request' });
    expect((await post('/tilter/v2/process/sample', { _image: { blob }, objects: objects.slice(0, 8) })).status).toBe(200);
  });

  it('413 from the header alone for an RLE8 BMP of a kilobyte declaring 7000x7000', async () => {
    const bmp = rle8Bmp(7000, 7000);
    expect(bmp.length).toBeLessThan(1200);
    const began = performance.now();
    const res = await post('/framer/v2/process/sample', { _image: { blob: encodeBase64(bmp) } });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/7000x7000 pixels exceeds the limit of 16777216 for BMP/);
    expect(performance.now() - began).toBeLessThan(1000);
    expect((await post('/framer/v2/process/image', bmp, 'image/bmp')).status).toBe(413);
  });

  it('422 for bbox values that are not sane normalised coordinates, or under a pixel', async () => {
    for (const bbox of [
      [-1e308, -1e308, 1e308, 1e308],
      [0, 0, 3, 1],
      [0.1, 0.1, 0.1 + 1e-12, 0.5],
    ]) {
      const res = await post('/tilter/v2/process/sample', { _image: { blob }, objects: [{ class: 'face', bbox }] });
      expect({ bbox, status: res.status }).toEqual({ bbox, status: 422 });
      expect((await res.json()).detail[0].loc.slice(0, 4)).toEqual(['body', 'objects', 0, 'bbox']);
    }
    const v1 = await post('/tilter/v1/process/sample', { $image: blob, objects: [{ class: 'face', bbox: [-1e308, 0, 1, 1] }] });
    expect(v1.status).toBe(422);
    // Past the edge of the picture, within bounds, is fine.
    expect((await post('/tilter/v2/process/sample', { _image: { blob }, objects: [{ class: 'face', bbox: [-0.2, -0.1, 1.1, 1.2] }] })).status).toBe(200);
  });

  it('422 at [query, name] for a threshold outside (0, 1]', async () => {
    for (const value of ['0', '-0.5', '1.01', 'abc', 'Infinity']) {
      const res = await post(`/framer/v2/process/sample?face_threshold=${value}`, { _image: { blob } });
      expect({ value, status: res.status }).toEqual({ value, status: 422 });
      expect((await res.json()).detail[0].loc).toEqual(['query', 'face_threshold']);
    }
    expect((await post('/framer/v2/process/sample?body_threshold=0', { _image: { blob } })).status).toBe(422);
    expect((await post('/framer/v2/process/sample?face_threshold=1', { _image: { blob } })).status).toBe(200);
  });

  it('decodes the picture of a sample without objects: a truncated one is a 4xx', async () => {
    const full = Buffer.from(blob, 'base64');
    const truncated = encodeBase64(new Uint8Array(full.subarray(0, 400)));
    const res = await post('/tilter/v2/process/sample', { _image: { blob: truncated }, objects: [] });
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].msg).toMatch(/could not be decoded/);
    expect((await post('/tilter/v1/process/sample', { $image: truncated })).status).toBe(422);
    expect((await post('/tilter/v2/process/sample', { _image: { blob }, objects: [] })).status).toBe(200);
  });
});
