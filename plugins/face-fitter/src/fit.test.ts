/**
 * The fitter with the real models on the face-api demo photos: points on
 * their faces, pose signs under mirroring and rotation, steadiness across
 * EXIF orientation, a thumbnail and an upscale, and the service's v1 and v2
 * responses against the contract's example shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, iou, LANDMARK_NAMES, silentLogger, type SampleObject, type UnitInstance } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit, faceDetector } from '@facelab/face-detector';
import { faceFitter, fitUnit, FITTER_TYPE } from './index.ts';

const DEMO = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
const photo = (n: number) => readFileSync(join(DEMO, `sample${n}.jpg`));
const example = (version: 'v1' | 'v2') => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `face-detector-face-fitter.${version}.response.json`), 'utf8'));
const codec = createSharpCodec();
// Faces the detector is sure of; the pose tests skip near-profile faces, where mesh pose is unreliable.
const SURE = { face_threshold: '0.65' };

let app: Hono;
let detect: UnitInstance;
let fit: UnitInstance;
beforeAll(async () => {
  const inference = createOrtBackend();
  app = await createImageApi({ plugins: [faceDetector(), faceFitter()], inference, imageCodec: codec });
  detect = await detectUnit().setup({ inference, logger: silentLogger });
  fit = await fitUnit().setup({ inference, logger: silentLogger });
});

async function fitted(bytes: Uint8Array): Promise<SampleObject[]> {
  const image = ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
  const found = await detect.run({ image, objects: [], params: SURE });
  return (await fit.run({ image, objects: found.objects, params: {} })).objects;
}

/** The face of `list` whose box best overlaps `box`. */
const twin = (list: SampleObject[], box: SampleObject['bbox']) => list.reduce((a, b) => (iou(b.bbox!, box!) > iou(a.bbox!, box!) ? b : a));
const mirrorBox = (b: SampleObject['bbox']): SampleObject['bbox'] => [1 - b![2], b![1], 1 - b![0], b![3]];
const frontal = (o: SampleObject) => Math.abs(o.pose!.yaw) < 35 && (o.hints!.meshScore as number) > 0.9;

describe('face-fitter on the demo photos', () => {
  const base: SampleObject[][] = [];
  beforeAll(async () => {
    for (const n of [1, 3, 5]) base.push(await fitted(photo(n)));
  });

  it('puts the 21 named points on each face, inside its box, in their order', () => {
    for (const list of base) {
      for (const o of list) {
        expect(o.landmarks!.fitterType).toBe(FITTER_TYPE);
        expect(Object.keys(o.landmarks!.points)).toEqual([...LANDMARK_NAMES]);
        expect(o.hints!.mesh).toHaveLength(468 * 3);
        const [x1, y1, x2, y2] = o.bbox!;
        const w = x2 - x1;
        const h = y2 - y1;
        for (const [name, [x, y]] of Object.entries(o.landmarks!.points) as [string, [number, number]][]) {
          // Ear points sit on the face oval and brow ends beside it: on a turned or tilted head they reach past the box.
          const m = name.endsWith('ear_bottom') ? 0.25 : name.includes('brow') || name === 'chin' ? 0.15 : 0.05;
          expect(x).toBeGreaterThan(x1 - m * w);
          expect(x).toBeLessThan(x2 + m * w);
          expect(y).toBeGreaterThan(y1 - m * h);
          expect(y).toBeLessThan(y2 + m * h);
        }
        const p = o.landmarks!.points;
        if (!frontal(o)) continue;
        // Picture-left points lie left of their picture-right twins once the roll is undone.
        const roll = (o.pose!.roll * Math.PI) / 180;
        const along = (q: [number, number]) => q[0] * Math.cos(roll) - q[1] * Math.sin(roll);
        expect(along(p.left_eye!)).toBeLessThan(along(p.right_eye!));
        expect(along(p.left_eye_left!)).toBeLessThan(along(p.left_eye_right!));
        expect(along(p.mouth_left!)).toBeLessThan(along(p.mouth_right!));
      }
    }
  });

  it('negates yaw and roll and keeps pitch when the photo is mirrored', async () => {
    for (const [i, n] of [1, 3, 5].entries()) {
      const mirrored = await fitted(await sharp(photo(n)).flop().jpeg({ quality: 92 }).toBuffer());
      for (const o of base[i].filter(frontal)) {
        const m = twin(mirrored, mirrorBox(o.bbox));
        expect(m.pose!.yaw).toBeCloseTo(-o.pose!.yaw, -1.2);
        expect(m.pose!.roll).toBeCloseTo(-o.pose!.roll, -1.2);
        expect(m.pose!.pitch).toBeCloseTo(o.pose!.pitch, -1.2);
        // The picture-left eye of the mirror is the other eye of the original.
        expect(m.landmarks!.points.left_eye![0]).toBeCloseTo(1 - o.landmarks!.points.right_eye![0], 2);
      }
    }
  });

  it('adds the photo rotation to roll: counter-clockwise positive', async () => {
    const list = base[1];
    for (const degrees of [15, -15]) {
      // sharp turns clockwise for positive angles, so the roll should fall by that much.
      const turned = await fitted(await sharp(photo(3)).rotate(degrees, { background: '#000' }).jpeg({ quality: 92 }).toBuffer());
      for (const o of list.filter(frontal)) {
        const rolls = turned.map((t) => t.pose!.roll - o.pose!.roll + degrees);
        expect(Math.min(...rolls.map(Math.abs))).toBeLessThan(4);
      }
    }
  });

  it('reads looking down as positive pitch', async () => {
    // sample2: three women looking down at something in the middle of the picture.
    const list = await fitted(photo(2));
    const sure = list.filter((o) => (o.hints!.meshScore as number) > 0.9);
    expect(sure.length).toBeGreaterThanOrEqual(2);
    for (const o of sure) expect(o.pose!.pitch).toBeGreaterThan(8);
  });

  it('gives the same points through EXIF orientation, a 300x200 thumbnail and a 4000 px upscale', async () => {
    const variants = [
      await sharp(photo(1)).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer(),
      await sharp(photo(1)).resize(4000).jpeg({ quality: 80 }).toBuffer(),
    ];
    for (const bytes of variants) {
      const list = await fitted(bytes);
      for (const o of base[0]) {
        const t = twin(list, o.bbox);
        const eyes = Math.abs(o.landmarks!.points.right_eye![0] - o.landmarks!.points.left_eye![0]);
        for (const name of LANDMARK_NAMES) {
          const [x, y] = t.landmarks!.points[name]!;
          const [x0, y0] = o.landmarks!.points[name]!;
          expect(Math.hypot(x - x0, (y - y0) * (2 / 3)) / eyes).toBeLessThan(0.15);
        }
      }
    }
    const thumb = await fitted(await sharp(photo(1)).resize(300, 200).jpeg().toBuffer());
    for (const o of base[0].filter(frontal)) expect(Math.abs(twin(thumb, o.bbox).pose!.roll - o.pose!.roll)).toBeLessThan(12);
  });
});

describe('face-fitter passes option', () => {
  const FIVE = ['left_eye', 'right_eye', 'nose', 'mouth_left', 'mouth_right'] as const;
  /** rms distance of the five alignment points of two fits of one face, over its inter-eye distance. */
  const shift = (a: SampleObject, b: SampleObject): number => {
    const p = a.landmarks!.points;
    const q = b.landmarks!.points;
    const eyes = Math.hypot(p.right_eye![0] - p.left_eye![0], p.right_eye![1] - p.left_eye![1]);
    return Math.sqrt(FIVE.reduce((s, k) => s + (p[k]![0] - q[k]![0]) ** 2 + (p[k]![1] - q[k]![1]) ** 2, 0) / FIVE.length) / eyes;
  };
  const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];

  it('with a third pass puts the five alignment points nearer where re-framing settles (six passes) than two passes do', async () => {
    const inference = createOrtBackend();
    const [two, three, six] = await Promise.all([2, 3, 6].map((passes) => fitUnit({ passes }).setup({ inference, logger: silentLogger })));
    const shifts: Record<'two' | 'three', number[]> = { two: [], three: [] };
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const image = ImageSource.open(photo(n), codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
      const found = (await detect.run({ image, objects: [], params: SURE })).objects;
      const [a, b, settled] = await Promise.all([two, three, six].map(async (unit) => (await unit.run({ image, objects: found, params: {} })).objects));
      settled.forEach((o, i) => {
        if ((o.hints!.meshScore as number) < 0.9) return;
        shifts.two.push(shift(a[i], o));
        shifts.three.push(shift(b[i], o));
      });
    }
    expect(shifts.two.length).toBeGreaterThanOrEqual(10);
    expect(median(shifts.three)).toBeLessThan(median(shifts.two));
  });

  it('refuses fewer than two passes or a fraction of one', () => {
    expect(() => fitUnit({ passes: 1 })).toThrow(/passes/);
    expect(() => fitUnit({ passes: 2.5 })).toThrow(/passes/);
  });
});

describe('face-detector-face-fitter service', () => {
  const image = () => photo(3).toString('base64');
  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('answers v2 with named normalised points, fitter_type and pose, shaped like the contract', async () => {
    const body = await (await post('/face-detector-face-fitter/v2/process/sample?face_threshold=0.65', { _image: { blob: image(), format: 'IMAGE' } })).json();
    const want = example('v2');
    expect(body._image).toEqual({ blob: image(), format: 'IMAGE' });
    expect(body.objects).toHaveLength(3);
    for (const o of body.objects) {
      expect(Object.keys(o).sort()).toEqual(Object.keys(want.objects[0]).sort());
      expect(Object.keys(o.keypoints).sort()).toEqual(Object.keys(want.objects[0].keypoints).sort());
      expect(o.fitter_type ?? o.keypoints.fitter_type).toBe(FITTER_TYPE);
      expect(Object.keys(o.pose).sort()).toEqual(['pitch', 'roll', 'yaw']);
      expect(o.keypoints.left_eye.proj).toHaveLength(2);
    }
  });

  it('answers v1 with 21 pixel keypoints, the eyes and angles, shaped like the contract', async () => {
    const body = await (await post('/face-detector-face-fitter/v1/process/sample?face_threshold=0.65', { $image: image() })).json();
    const want = example('v1').objects[0];
    expect(body.$image).toBe(image());
    for (const o of body.objects) {
      expect(Object.keys(o).sort()).toEqual(Object.keys(want).sort());
      expect(Object.keys(o.fitter).sort()).toEqual(Object.keys(want.fitter).sort());
      expect(o.fitter.keypoints).toHaveLength(63);
      expect(o.fitter.fitter_type).toBe(FITTER_TYPE);
      expect(o.fitter.left_eye).toEqual(o.fitter.keypoints.slice(21, 23));
      // Pixels of the 1920x1350 photo.
      expect(o.fitter.left_eye[0]).toBeGreaterThan(o.bbox[0] * 1920);
      expect(Object.keys(o.angles).sort()).toEqual(Object.keys(want.angles).sort());
    }
  });

  it('accepts samples carrying another fitter\'s points ("fda") and answers with its own', async () => {
    const sent = example('v2');
    const res = await post('/face-detector-face-fitter/v2/process/sample?face_threshold=0.65', { ...sent, _image: { blob: image(), format: 'IMAGE' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.objects).toHaveLength(3);
    for (const o of body.objects) expect(o.fitter_type ?? o.keypoints.fitter_type).toBe(FITTER_TYPE);
  });
});
