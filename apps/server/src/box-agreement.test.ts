/**
 * Face attributes do not depend on how the face box was drawn: through
 * HTTP on face-api's six demo photos, process/image (detector, then the
 * unit) and process/sample with the detector's box give the same age,
 * gender, emotions and mask for every face, since both locate the face
 * inside the box the same way. A loose box (1.3 times the detector's) and a
 * shifted one land on about the same answer.
 */
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from './app.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));
const SERVICES = ['age-estimator', 'gender-estimator', 'emotion-estimator', 'mask-estimator'] as const;

let app: Hono;
/** process/image faces per service and photo. */
const viaImage = new Map<string, any[]>();

async function postImage(service: string, bytes: Buffer): Promise<any[]> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const res = await app.request(`/${service}/v2/process/image`, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  return ((await res.json()) as { objects: any[] }).objects;
}

async function postSample(service: string, bytes: Buffer, boxes: number[][]): Promise<any[]> {
  const body = { _image: { blob: bytes.toString('base64') }, objects: boxes.map((bbox, id) => ({ id, class: 'face', bbox })) };
  const res = await app.request(`/${service}/v2/process/sample`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { objects: any[] }).objects;
}

/** What a service answers about a face, in wire form. */
const answer = (service: string, face: any): unknown =>
  service === 'age-estimator' ? face.age : service === 'gender-estimator' ? face.gender : service === 'emotion-estimator' ? face.emotions : face.has_medical_mask;

beforeAll(async () => {
  app = await createServerApp({ threads: 2 });
  for (const service of SERVICES) for (let n = 1; n <= 6; n++) viaImage.set(`${service}/${n}`, await postImage(service, photo(n)));
});

describe('process/image and process/sample with the detector box', () => {
  it.each(SERVICES)('%s gives the same answer for every face of the six photos', async (service) => {
    let faces = 0;
    for (let n = 1; n <= 6; n++) {
      const detected = viaImage.get(`${service}/${n}`)!;
      const sampled = await postSample(service, photo(n), detected.map((f) => f.bbox));
      expect(sampled).toHaveLength(detected.length);
      sampled.forEach((face, i) => expect(answer(service, face)).toEqual(answer(service, detected[i])));
      faces += detected.length;
    }
    expect(faces).toBeGreaterThanOrEqual(22);
  });
});

describe('boxes drawn differently around the same face', () => {
  it('a box 1.3 times as large, or shifted by 10% of its width, reads about the same age and the same gender', async () => {
    let ageShift = 0;
    let sameGender = 0;
    let faces = 0;
    for (let n = 1; n <= 6; n++) {
      const ages = viaImage.get(`age-estimator/${n}`)!;
      const genders = viaImage.get(`gender-estimator/${n}`)!;
      for (const move of [
        ([x1, y1, x2, y2]: number[]) => [x1 - 0.15 * (x2 - x1), y1 - 0.15 * (y2 - y1), x2 + 0.15 * (x2 - x1), y2 + 0.15 * (y2 - y1)],
        ([x1, y1, x2, y2]: number[]) => [x1 + 0.1 * (x2 - x1), y1, x2 + 0.1 * (x2 - x1), y2],
      ]) {
        const boxes = ages.map((f) => move(f.bbox).map((v) => Math.min(1, Math.max(0, v))));
        const a = await postSample('age-estimator', photo(n), boxes);
        const g = await postSample('gender-estimator', photo(n), boxes);
        a.forEach((face, i) => (ageShift += Math.abs(Number(face.age) - Number(ages[i].age))));
        g.forEach((face, i) => (sameGender += face.gender === genders[i].gender ? 1 : 0));
        faces += a.length;
      }
    }
    expect(ageShift / faces).toBeLessThan(1.5);
    expect(sameGender / faces).toBeGreaterThanOrEqual(0.95);
  });
});
