/**
 * The fr-liveness crop on real pictures: face-api's demo photos through
 * the detector, then the square of `scale` x the box's longer side, centred
 * on the box, shrunk to the picture and shifted (never cut) to stay inside.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type SampleObject } from '@facelab/core';
import { detectUnit } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { boxPixels, SERVED_CROP_SCALE, spoofRectangle, spoofSquare, SPOOF_CROP_SCALE, type PixelRect } from './spoof-crop.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));

interface Detected {
  width: number;
  height: number;
  faces: SampleObject[];
}

const codec = createSharpCodec();
const detected = new Map<string, Detected>();

async function detect(name: string, bytes: Buffer): Promise<Detected> {
  const unit = await detectUnit().setup({ inference: createOrtBackend({ threads: 2 }), logger: silentLogger });
  const image = ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const { objects } = await unit.run({ image, objects: [], params: {} });
  const result = { width: image.width, height: image.height, faces: objects };
  detected.set(name, result);
  return result;
}

/** Sample 1 cut so that its first face sits 10 px from the left edge (a face at the border of the picture). */
async function atTheEdge(): Promise<Buffer> {
  const whole = detected.get('sample1')!;
  const box = boxPixels(whole.faces[0].bbox!, whole.width, whole.height);
  const left = Math.max(0, Math.round(box.x) - 10);
  return sharp(photo(1)).extract({ left, top: 0, width: whole.width - left, height: whole.height }).jpeg().toBuffer();
}

beforeAll(async () => {
  await detect('sample1', photo(1));
  await detect('sample4', photo(4));
  await detect('edge', await atTheEdge());
}, 60_000);

const inside = (crop: PixelRect, width: number, height: number): void => {
  expect(crop.x).toBeGreaterThanOrEqual(0);
  expect(crop.y).toBeGreaterThanOrEqual(0);
  expect(crop.x + crop.w).toBeLessThanOrEqual(width + 1e-9);
  expect(crop.y + crop.h).toBeLessThanOrEqual(height + 1e-9);
};

describe('spoofSquare on detected faces', () => {
  it('is a square of 2.7x the longer side centred on the box when the picture has room', () => {
    const { width, height, faces } = detected.get('sample4')!;
    expect(faces.length).toBe(4);
    for (const face of faces) {
      const box = boxPixels(face.bbox!, width, height);
      const crop = spoofSquare(box, width, height, SPOOF_CROP_SCALE);
      expect(crop.w).toBe(crop.h);
      if (crop.w === 2.7 * Math.max(box.w, box.h) && crop.x > 0 && crop.y > 0 && crop.x + crop.w < width && crop.y + crop.h < height) {
        expect(crop.x + crop.w / 2).toBeCloseTo(box.x + box.w / 2, 6);
        expect(crop.y + crop.h / 2).toBeCloseTo(box.y + box.h / 2, 6);
      }
      expect(crop.w).toBeCloseTo(Math.min(2.7 * Math.max(box.w, box.h), width, height), 6);
      inside(crop, width, height);
    }
  });

  it('the served crop (1.2x) is centred on every face of a group photo and holds its whole box', () => {
    const { width, height, faces } = detected.get('sample1')!;
    for (const face of faces) {
      const box = boxPixels(face.bbox!, width, height);
      const crop = spoofSquare(box, width, height, SERVED_CROP_SCALE);
      expect(crop.w).toBeCloseTo(1.2 * Math.max(box.w, box.h), 6);
      expect(crop.x + crop.w / 2).toBeCloseTo(box.x + box.w / 2, 6);
      expect(crop.y + crop.h / 2).toBeCloseTo(box.y + box.h / 2, 6);
      expect(crop.x).toBeLessThanOrEqual(box.x);
      expect(crop.x + crop.w).toBeGreaterThanOrEqual(box.x + box.w);
    }
  });

  it('shifts the square inside the picture, keeping its size, for a face at the left edge', () => {
    const { width, height, faces } = detected.get('edge')!;
    const face = faces.reduce((a, b) => (a.bbox![0] < b.bbox![0] ? a : b));
    const box = boxPixels(face.bbox!, width, height);
    expect(box.x).toBeLessThan(20);
    const crop = spoofSquare(box, width, height, SPOOF_CROP_SCALE);
    expect(crop.x).toBe(0);
    expect(crop.w).toBeCloseTo(2.7 * Math.max(box.w, box.h), 6);
    expect(crop.y + crop.h / 2).toBeCloseTo(box.y + box.h / 2, 6);
    inside(crop, width, height);
  });

  it('shrinks to the shorter side of a picture smaller than the square (a tight face crop)', () => {
    const box = { x: 20, y: 30, w: 150, h: 170 };
    const crop = spoofSquare(box, 185, 247, SPOOF_CROP_SCALE);
    expect(crop).toEqual({ x: 0, y: expect.closeTo(22.5, 6), w: 185, h: 185 });
  });
});

describe('spoofRectangle (upstream)', () => {
  it('scales width and height by one factor capped by the picture, then shifts inside', () => {
    const box = { x: 20, y: 30, w: 100, h: 120 };
    const crop = spoofRectangle(box, 400, 300, 2.7);
    // The height caps the factor at 300 / 120 = 2.5.
    expect(crop.w).toBeCloseTo(250, 6);
    expect(crop.h).toBeCloseTo(300, 6);
    expect(crop.x).toBe(0);
    expect(crop.y).toBe(0);
  });
});
