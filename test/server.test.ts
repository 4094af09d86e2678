/**
 * The all-in-one server with every plugin and real models: every route of
 * every installed service answers a wrong request with a 4xx in the
 * contract's shape, never a 500, and answers a real photo with a sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '@facelab/server';

const photo = readFileSync(join(import.meta.dirname, '../node_modules/@vladmandic/face-api/demo/sample3.jpg'));

let app: Hono;
let services: string[];
let small: Buffer;
beforeAll(async () => {
  app = await createServerApp({ threads: 2 });
  services = (await (await app.request('/services')).json()).services.map((s: { name: string }) => s.name);
  small = await sharp(photo).resize(480).jpeg().toBuffer();
});

const post = (path: string, body: BodyInit, type = 'application/json') => app.request(path, { method: 'POST', body, headers: { 'content-type': type } });

const BAD_BODIES: [string, BodyInit, string][] = [
  ['empty object', '{}', 'application/json'],
  ['not JSON', '{"objects": [', 'application/json'],
  ['JSON null', 'null', 'application/json'],
  ['JSON array', '[]', 'application/json'],
  ['image not base64', JSON.stringify({ _image: { blob: '!!!' }, $image: '!!!' }), 'application/json'],
  ['image that is text', JSON.stringify({ _image: { blob: btoa('hello world, no picture') }, $image: btoa('hello world, no picture') }), 'application/json'],
  ['objects not a list', JSON.stringify({ objects: 5 }), 'application/json'],
  ['objects of strings', JSON.stringify({ objects: ['face'] }), 'application/json'],
  ['bbox of strings', JSON.stringify({ objects: [{ class: 'face', bbox: ['a', 'b', 'c', 'd'] }] }), 'application/json'],
  ['template not base64', JSON.stringify({ objects: [{ class: 'face', $template: '@@', template: { k: { blob: '@@' } } }, { class: 'face', $template: '@@' }] }), 'application/json'],
  ['plain text', 'hello', 'text/plain'],
  ['bytes that are no picture', 'GIF89a;;;;;;;;;;;;;;', 'image/gif'],
];

describe('all-in-one server', () => {
  it('installs the services of every plugin', () => {
    expect(services).toEqual(expect.arrayContaining(['face-detector', 'face-detector-face-fitter', 'face-detector-template-extractor', 'template-extractor', 'verify-matcher', 'body-detector']));
  });

  it('answers every wrong body on every route with a 4xx in the contract shape', async () => {
    for (const service of services) {
      for (const route of ['v1/process/sample', 'v2/process/sample', 'v1/process/image', 'v2/process/image', 'process/sample']) {
        for (const [label, body, type] of BAD_BODIES) {
          const res = await post(`/${service}/${route}`, body, type);
          const json = await res.json();
          expect({ service, route, label, status: res.status >= 400 && res.status < 500 }).toEqual({ service, route, label, status: true });
          expect(json.detail).toBeDefined();
        }
      }
    }
  });

  it('refuses what is over a limit on every service before any work, with a 4xx naming it', async () => {
    const blob = small.toString('base64');
    const many = Array.from({ length: 65 }, (_, id) => ({ id, class: 'face', bbox: [0, 0, 1, 1] }));
    const deep = `{"_image": {"blob": "${blob}"}, "$image": "${blob}", "x": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    for (const service of services) {
      for (const version of ['v1', 'v2']) {
        const image = version === 'v1' ? { $image: blob } : { _image: { blob } };
        const tooMany = await post(`/${service}/${version}/process/sample`, JSON.stringify({ ...image, objects: many }));
        expect({ service, version, status: tooMany.status }).toEqual({ service, version, status: 422 });
        expect((await tooMany.json()).detail[0].msg).toBe('Too many objects: 65; the limit is 64 per request');
        const nested = await post(`/${service}/${version}/process/sample`, deep);
        expect({ service, version, status: nested.status }).toEqual({ service, version, status: 422 });
        const huge = await post(`/${service}/${version}/process/sample`, JSON.stringify({ ...image, objects: [{ id: 0, class: 'face', bbox: [-1e308, -1e308, 1e308, 1e308] }] }));
        expect({ service, version, status: huge.status }).toEqual({ service, version, status: 422 });
        const zero = await post(`/${service}/${version}/process/image?face_threshold=0`, new Uint8Array(small), 'image/jpeg');
        expect({ service, version, status: zero.status }).toEqual({ service, version, status: 422 });
      }
    }
  });

  it('answers a real photo on every image route with objects in the contract shape', async () => {
    for (const service of services.filter((s) => s !== 'verify-matcher')) {
      const res = await post(`/${service}/v2/process/image`, new Uint8Array(small), 'image/jpeg');
      expect({ service, status: res.status }).toEqual({ service, status: 200 });
      const body = await res.json();
      expect(body._image.format).toBe('IMAGE');
      expect(Array.isArray(body.objects)).toBe(true);
      for (const object of body.objects) {
        expect(object.bbox).toHaveLength(4);
        for (const v of object.bbox) expect(v >= 0 && v <= 1).toBe(true);
      }
    }
  });
});
