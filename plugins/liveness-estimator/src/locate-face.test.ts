/**
 * The liveness crop follows the located face, not the box's convention:
 * face-api's demo photos through the detector, then every face sent with
 * the detector's box, the box at 0.8x and at 1.3x (about its centre), and
 * with the fitter's points; the served crop (SERVED_CROP_SCALE times the
 * located frame, spoof-crop.ts) must land within a few pixels each time,
 * while crops of the boxes themselves (the rule before) move with the box.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type BBox, type SampleObject } from '@facelab/core';
import { detectUnit } from '@facelab/face-detector';
import { createFaceFramer, fitUnit, type FaceFramer } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateFaces } from './locate-face.ts';
import { boxPixels, SERVED_CROP_SCALE, spoofSquare, type PixelRect } from './spoof-crop.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const photo = (n: number): Buffer => readFileSync(new URL(`sample${n}.jpg`, DEMO));
const codec = createSharpCodec();

interface Picture {
  image: ImageSource;
  /** Boxes alone, as a client sends them. */
  boxes: SampleObject[];
  /** The same faces after the `fit` unit (named points on them), as process/image has them. */
  fitted: SampleObject[];
}

let framer: FaceFramer;
const pictures = new Map<number, Picture>();

beforeAll(async () => {
  const inference = createOrtBackend({ threads: 2 });
  const context = { inference, logger: silentLogger };
  const [detect, fit] = await Promise.all([detectUnit().setup(context), fitUnit().setup(context)]);
  framer = await createFaceFramer(inference);
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const image = ImageSource.open(photo(n), codec, DEFAULT_IMAGE_LIMITS, ['image']);
    const found = (await detect.run({ image, objects: [], params: {} })).objects;
    const fitted = (await fit.run({ image, objects: found, params: {} })).objects;
    pictures.set(n, { image, boxes: found.map(({ hints: _, ...box }) => box), fitted });
  }
}, 120_000);

/** The box scaled by `k` about its centre. */
function scaled([x1, y1, x2, y2]: BBox, k: number): BBox {
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const hw = ((x2 - x1) * k) / 2;
  const hh = ((y2 - y1) * k) / 2;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

const served = (box: BBox, image: ImageSource): PixelRect => spoofSquare(boxPixels(box, image.width, image.height), image.width, image.height, SERVED_CROP_SCALE);
/** The largest distance between two crops' corners, in pixels. */
const apart = (a: PixelRect, b: PixelRect): number => Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.x + a.w - b.x - b.w), Math.abs(a.y + a.h - b.y - b.h));

async function cropsAt(p: Picture, k: number): Promise<PixelRect[]> {
  const { boxes, faces } = await locateFaces(framer, p.image, p.boxes.map((f) => ({ ...f, bbox: scaled(f.bbox!, k) })));
  expect(faces.every((f) => f.hints?.mesh)).toBe(true);
  return boxes.map((b) => served(b, p.image));
}

describe('locateFaces', () => {
  // Samples 2 and 4 aside: the mesh does not find sample 2's second face from any of these boxes (below the
  // framer's score floor; see the fallback test), nor one face of sample 4 from its 1.3x box.
  it.each([1, 3, 5, 6])('puts the served crop of sample%i within a few pixels whether the box is the detector\'s, 0.8x or 1.3x it', async (n) => {
    const p = pictures.get(n)!;
    expect(p.boxes.length).toBeGreaterThanOrEqual(3);
    const [at1, at08, at13] = await Promise.all([cropsAt(p, 1), cropsAt(p, 0.8), cropsAt(p, 1.3)]);
    at1.forEach((crop, i) => {
      // Measured: under a pixel on crops of 180 to 260 pixels a side (up to 24 pixels when located once from the 1.3x box).
      const tolerance = 3;
      expect(apart(crop, at08[i])).toBeLessThan(tolerance);
      expect(apart(crop, at13[i])).toBeLessThan(tolerance);
      // The box's own crop moves by a tenth of its side or more between these boxes: the location is what holds it still.
      const boxCrops = [1, 0.8, 1.3].map((k) => served(scaled(p.boxes[i].bbox!, k), p.image));
      expect(apart(boxCrops[1], boxCrops[2])).toBeGreaterThan(0.2 * crop.w);
    });
  });

  it('uses the fitter\'s points already on the faces without running the mesh, and lands where the box alone does', async () => {
    const p = pictures.get(1)!;
    const fromPoints = await locateFaces(framer, p.image, p.fitted);
    expect(fromPoints.ms).toBe(0);
    expect(fromPoints.faces).toEqual(p.fitted);
    const fromBoxes = await cropsAt(p, 1);
    fromPoints.boxes.forEach((b, i) => expect(apart(served(b, p.image), fromBoxes[i])).toBeLessThan(0.03 * fromBoxes[i].w));
  });

  it('falls back to the box as it came where the mesh finds no face in it, and leaves that face without a mesh', async () => {
    const p = pictures.get(2)!;
    const { boxes, faces } = await locateFaces(framer, p.image, p.boxes);
    const lost = faces.flatMap((f, i) => (f.hints?.mesh ? [] : [i]));
    // Measured: the second of sample 2's three faces (a face in profile) scores below MIN_MESH_SCORE.
    expect(lost).toEqual([1]);
    expect(boxes[1]).toEqual(p.boxes[1].bbox);
    expect(faces[1]).toEqual(p.boxes[1]);
  });

  it('is a square of SERVED_CROP_SCALE times the located frame\'s longer side, centred on it, on a face with room around it', async () => {
    const p = pictures.get(4)!;
    const { boxes } = await locateFaces(framer, p.image, p.boxes);
    boxes.forEach((b) => {
      const frame = boxPixels(b, p.image.width, p.image.height);
      const crop = served(b, p.image);
      expect(crop.w).toBeCloseTo(SERVED_CROP_SCALE * Math.max(frame.w, frame.h), 6);
      expect(crop.x + crop.w / 2).toBeCloseTo(frame.x + frame.w / 2, 6);
      expect(crop.y + crop.h / 2).toBeCloseTo(frame.y + frame.h / 2, 6);
    });
  });
});
