/**
 * The detector with the real models on the face-api demo photos (3, 3, 3,
 * 4, 5 and 4 faces): counts, boxes and keypoints, EXIF orientation, a
 * thumbnail and a 4000 px upscale, the face_threshold option, and the
 * service's v1 and v2 responses against the contract's example shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, iou, silentLogger, type BBox, type SampleObject, type UnitInstance } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit, faceDetector } from './index.ts';

const DEMO = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
const EXPECTED = [3, 3, 3, 4, 5, 4];
const photos = EXPECTED.map((_, i) => readFileSync(join(DEMO, `sample${i + 1}.jpg`)));
const example = (version: 'v1' | 'v2') => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `face-detector-face-fitter.${version}.response.json`), 'utf8'));
const codec = createSharpCodec();

let app: Hono;
let detect: UnitInstance;
beforeAll(async () => {
  const inference = createOrtBackend();
  app = await createImageApi({ plugins: [faceDetector()], inference, imageCodec: codec });
  detect = await detectUnit().setup({ inference, logger: silentLogger });
});

async function faces(bytes: Uint8Array, params: Record<string, string> = {}): Promise<SampleObject[]> {
  const image = ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
  return (await detect.run({ image, objects: [], params })).objects;
}

const post = (path: string, body: unknown) => app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const sure = (list: SampleObject[]) => list.filter((f) => f.confidence! >= 0.65);

describe('face-detector on the demo photos', () => {
  let found: SampleObject[][];
  beforeAll(async () => {
    found = [];
    for (const photo of photos) found.push(await faces(photo));
  });

  it('finds every face and nothing else at the default threshold', () => {
    expect(found.map((f) => f.length)).toEqual(EXPECTED);
    expect(found.map((f) => sure(f).length)).toEqual(EXPECTED);
  });

  it('numbers faces 0..n-1 by confidence, with boxes inside the picture and keypoints inside their boxes', () => {
    for (const list of found) {
      expect(list.map((f) => f.id)).toEqual(list.map((_, i) => i));
      for (let i = 1; i < list.length; i++) expect(list[i - 1].confidence!).toBeGreaterThanOrEqual(list[i].confidence!);
      for (const f of sure(list)) {
        const [x1, y1, x2, y2] = f.bbox!;
        expect(0 <= x1 && x1 < x2 && x2 <= 1 && 0 <= y1 && y1 < y2 && y2 <= 1).toBe(true);
        expect(f.class).toBe('face');
        // Eyes, nose and mouth lie inside the box (ears may reach past it on a turned head).
        for (const [x, y] of f.hints!.detectorKeypoints!.slice(0, 4)) {
          expect(x).toBeGreaterThan(x1);
          expect(x).toBeLessThan(x2);
          expect(y).toBeGreaterThan(y1);
          expect(y).toBeLessThan(y2);
        }
        // Keypoint 0 is the subject's right eye: on the picture's left.
        expect(f.hints!.detectorKeypoints![0][0]).toBeLessThan(f.hints!.detectorKeypoints![1][0]);
      }
    }
  });

  it('reads EXIF orientation: a picture stored sideways gives the upright boxes', async () => {
    // Pixels turned a quarter anticlockwise, tagged "rotate 90 clockwise to view" (orientation 6).
    const sideways = await sharp(photos[2]).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    const upright = sure(found[2]);
    const turned = sure(await faces(sideways));
    expect(turned).toHaveLength(upright.length);
    for (const f of upright) expect(Math.max(...turned.map((t) => iou(t.bbox!, f.bbox!)))).toBeGreaterThan(0.8);
  });

  it('finds the faces of a 300x200 thumbnail and of a 4000 px upscale', async () => {
    const thumb = await sharp(photos[0]).resize(300, 200).jpeg().toBuffer();
    const big = await sharp(photos[0]).resize(4000).jpeg({ quality: 80 }).toBuffer();
    const reference = sure(found[0]);
    for (const bytes of [thumb, big]) {
      const list = await faces(bytes);
      for (const f of reference) expect(Math.max(...list.map((t) => iou(t.bbox!, f.bbox!)))).toBeGreaterThan(0.7);
    }
  });
});

describe('face-detector service', () => {
  const image = () => photos[0].toString('base64');

  it('answers v2 with the image and objects shaped like the contract', async () => {
    const res = await post('/face-detector/v2/process/sample', { _image: { blob: image() } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body._image).toEqual({ blob: image(), format: 'IMAGE' });
    const keys = Object.keys(example('v2').objects[0]).filter((k) => ['id', 'class', 'confidence', 'bbox'].includes(k));
    expect(body.objects.length).toBeGreaterThanOrEqual(3);
    for (const o of body.objects) expect(Object.keys(o).sort()).toEqual(keys.sort());
  });

  it('answers v1 with $image, and follows face_threshold', async () => {
    const res = await post('/face-detector/v1/process/sample?face_threshold=0.65', { $image: image() });
    const body = await res.json();
    expect(body.$image).toBe(image());
    expect(body.objects).toHaveLength(3);
    expect(Object.keys(body.objects[0]).sort()).toEqual(['bbox', 'class', 'confidence', 'id']);
    expect(typeof example('v1').objects[0].confidence).toBe(typeof body.objects[0].confidence);
  });

  it('refuses a bad face_threshold with a 422 naming the query option', async () => {
    const res = await post('/face-detector/v2/process/sample?face_threshold=2', { _image: { blob: image() } });
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].loc).toEqual(['query', 'face_threshold']);
  });

  it('replaces face objects and passes objects of other classes through', async () => {
    const body = { _image: { blob: image() }, objects: [{ id: 7, class: 'body', bbox: [0.1, 0.1, 0.5, 0.9] as BBox, note: 'kept' }, { id: 9, class: 'face', bbox: [0, 0, 0.1, 0.1] }] };
    const out = await (await post('/face-detector/v2/process/sample?face_threshold=0.65', body)).json();
    expect(out.objects.filter((o: { class: string }) => o.class === 'face').map((o: { id: number }) => o.id)).toEqual([0, 1, 2]);
    expect(out.objects).toContainEqual(body.objects[0]);
  });
});
