/**
 * The app's HTTP behaviour: routes, intake (JSON, multipart, raw image),
 * limits and the contract's error shapes, with a model-free plugin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, encodeBase64, PluginConfigError, resolveServices } from '@facelab/core';
import { createImageCodec } from '@facelab/runtime';
import { noModels, plumbingPlugin } from './helpers/plumbing-plugin.ts';

const photo = readFileSync(join(import.meta.dirname, '../node_modules/@vladmandic/face-api/demo/sample2.jpg'));

let app: Hono;
let small: Buffer;
beforeAll(async () => {
  app = await createImageApi({ plugins: [plumbingPlugin()], inference: noModels, imageCodec: await createImageCodec() });
  small = await sharp(photo).resize(200).jpeg().toBuffer();
});

const post = (path: string, body: unknown, type = 'application/json') =>
  app.request(path, { method: 'POST', body: typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData ? (body as BodyInit) : JSON.stringify(body), headers: type ? { 'content-type': type } : {} });

describe('routes', () => {
  it('answers /health and /services', async () => {
    expect((await app.request('/health')).status).toBe(200);
    const services = await (await app.request('/services')).json();
    expect(services.services.map((s: { name: string }) => s.name)).toEqual(['framer', 'tilter']);
  });

  it('serves v1, v2 and the unversioned v1 alias for process/sample and process/image', async () => {
    const v2 = await post('/framer/v2/process/sample', { _image: { blob: small.toString('base64') } });
    expect(v2.status).toBe(200);
    const body2 = await v2.json();
    expect(body2._image).toEqual({ blob: small.toString('base64'), format: 'IMAGE' });
    expect(body2.objects).toEqual([{ id: 0, class: 'face', confidence: 1, bbox: [0, 0, 1, 1] }]);
    for (const path of ['/framer/v1/process/sample', '/framer/process/sample']) {
      const body1 = await (await post(path, { $image: small.toString('base64') })).json();
      expect(body1.$image).toBe(small.toString('base64'));
      expect(body1.objects).toHaveLength(1);
    }
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(small)], { type: 'image/jpeg' }), 'face.jpg');
    const multipart = await app.request('/framer/v2/process/image', { method: 'POST', body: form });
    expect(multipart.status).toBe(200);
    expect((await multipart.json())._image.blob).toBe(small.toString('base64'));
    const raw = await post('/framer/process/image', new Uint8Array(small), 'image/jpeg');
    expect((await raw.json()).$image).toBe(small.toString('base64'));
    expect(raw.headers.get('server-timing')).toMatch(/frame;dur=/);
  });

  it('runs process/sample from the service sample start and keeps what it does not know', async () => {
    const res = await post('/tilter/v2/process/sample', {
      _image: { blob: small.toString('base64') },
      trace: 'x1',
      objects: [{ id: 3, class: 'face', bbox: [0.1, 0.1, 0.5, 0.3], note: 'keep me' }, { id: 4, class: 'body', bbox: [0, 0, 1, 1] }],
    });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.trace).toBe('x1');
    expect(body.objects[0]).toMatchObject({ id: 3, note: 'keep me' });
    expect(body.objects[0].pose.roll).toBeCloseTo(2, 9);
    expect(body.objects[1]).toEqual({ id: 4, class: 'body', bbox: [0, 0, 1, 1] });
  });
});

describe('errors in the contract shape', () => {
  it('422 with loc [body, _image] for an empty v2 body, [body, $image] for v1', async () => {
    const res = await post('/framer/v2/process/sample', {});
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.detail[0].loc).toEqual(['body', '_image']);
    expect(typeof body.detail[0].msg).toBe('string');
    expect((await (await post('/framer/v1/process/sample', {})).json()).detail[0].loc).toEqual(['body', '$image']);
  });

  it('400 "Failed to decode base64 string" for a blob that is not base64', async () => {
    const res = await post('/framer/v2/process/sample', { _image: { blob: '%%% not base64 %%%' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ detail: 'Failed to decode base64 string' });
  });

  it('422 at [body, _image, blob] for base64 that is not a picture (a spreadsheet), and for a GIF', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...new TextEncoder().encode('[Content_Types].xml xl/workbook.xml')]);
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00\x00\x00\x00;;;;;;;;');
    for (const bytes of [xlsx, gif]) {
      const res = await post('/framer/v2/process/sample', { _image: { blob: encodeBase64(bytes) } });
      expect(res.status).toBe(422);
      expect((await res.json()).detail[0].loc).toEqual(['body', '_image', 'blob']);
    }
  });

  it('422 for a picture whose header is fine but whose data is broken', async () => {
    const broken = new Uint8Array(small.subarray(0, 400));
    const res = await post('/framer/v2/process/sample', { _image: { blob: encodeBase64(broken) } });
    expect(res.status).toBe(422);
  });

  it('413 over 4.7 MB, as base64 and as an upload', async () => {
    const big = new Uint8Array(4_800_000);
    big.set(small.subarray(0, 1000));
    expect((await post('/framer/v2/process/sample', { _image: { blob: encodeBase64(big) } })).status).toBe(413);
    expect((await post('/framer/v2/process/image', big, 'image/jpeg')).status).toBe(413);
  });

  it('refuses a decompression bomb from its header before decoding, with 413', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer());
    new DataView(png.buffer).setUint32(16, 100_000);
    new DataView(png.buffer).setUint32(20, 100_000);
    const res = await post('/framer/v2/process/sample', { _image: { blob: encodeBase64(png) } });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/pixels/);
  });

  it('415 for a content type the route does not take', async () => {
    const res = await post('/framer/v2/process/sample', 'hello', 'text/plain');
    expect(res.status).toBe(415);
    expect((await res.json()).detail).toMatch(/application\/json/);
    expect((await post('/framer/v2/process/image', 'hello', 'text/plain')).status).toBe(415);
  });

  it('422 for broken JSON, a JSON array, and a multipart form without the image field', async () => {
    expect((await post('/framer/v2/process/sample', '{"_image": ')).status).toBe(422);
    expect((await post('/framer/v2/process/sample', '[1,2]')).status).toBe(422);
    const form = new FormData();
    form.append('picture', new Blob([new Uint8Array(small)]), 'x.jpg');
    const res = await app.request('/framer/v2/process/image', { method: 'POST', body: form });
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].loc).toEqual(['body', 'image']);
  });

  it('404 naming the installed services for an unknown one; 404 for an unknown version', async () => {
    const res = await post('/age-estimator/v2/process/sample', {});
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toMatch(/framer, tilter/);
    expect((await post('/framer/v3/process/sample', {})).status).toBe(404);
    expect((await post('/framer/v2/process/video', {})).status).toBe(404);
  });

  it('422 naming the object whose bbox is missing or unusable on process/sample', async () => {
    const blob = small.toString('base64');
    const missing = await post('/tilter/v2/process/sample', { _image: { blob }, objects: [{ class: 'face', bbox: [0, 0, 1, 1] }, { class: 'face' }] });
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail[0].loc).toEqual(['body', 'objects', 1, 'bbox']);
    const inverted = await post('/tilter/v1/process/sample', { $image: blob, objects: [{ class: 'face', bbox: [0.5, 0.5, 0.1, 0.1] }] });
    expect(inverted.status).toBe(422);
    expect((await inverted.json()).detail[0].msg).toMatch(/Object 0/);
  });
});

describe('methods', () => {
  it('405 with Allow for a wrong method on a known route; 404 still names an unknown service', async () => {
    for (const [method, path, allow] of [
      ['GET', '/framer/v2/process/image', 'POST'],
      ['PUT', '/framer/process/sample', 'POST'],
      ['DELETE', '/tilter/v1/process/sample', 'POST'],
      ['POST', '/health', 'GET, HEAD'],
      ['PATCH', '/services', 'GET, HEAD'],
    ]) {
      const res = await app.request(path, { method });
      expect({ method, path, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, path, status: 405, allow });
      expect((await res.json()).detail).toMatch(new RegExp(`Method ${method} is not allowed`));
    }
    expect((await app.request('/nobody/v2/process/image')).status).toBe(404);
    expect((await app.request('/health', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('start-up checks', () => {
  it('refuses a service whose units are missing, unmet requirements and a wrong core range', () => {
    const plugin = plumbingPlugin();
    const missing = { ...plugin, units: plugin.units.filter((u) => u.name !== 'frame') };
    expect(() => resolveServices([missing])).toThrow(PluginConfigError);
    expect(() => resolveServices([missing])).toThrow(/needs unit "frame"/);
    const unmet = { ...plugin, services: [{ name: 'bad', pipeline: ['tilt'] }] };
    expect(() => resolveServices([unmet])).toThrow(/requires "bbox"/);
    expect(() => resolveServices([{ ...plugin, core: '^0.2.0' }])).toThrow(/needs @facelab\/core \^0.2.0/);
    expect(() => resolveServices([plugin, { ...plugin, name: 'again' }])).toThrow(/provided by both/);
  });
});
