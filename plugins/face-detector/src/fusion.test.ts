/**
 * The second detector and the fusion, with the real models on the face-api
 * demo photos: its boxes, mapped into the reported convention, frame the
 * faces as BlazeFace's mapped boxes do (one box convention whichever
 * detector found a face), and with the lower half
 * of every face covered (a drawn mask) the fused detector still finds every
 * face where BlazeFace alone loses one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, ImageSource, iou, silentLogger, type ModelSession, type SampleObject, type UnitInstance } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit } from './index.ts';
import { RFB_320 } from './models.ts';
import { secondLook } from './second-look.ts';

const DEMO = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
const photos = [1, 2, 3, 4, 5, 6].map((i) => readFileSync(join(DEMO, `sample${i}.jpg`)));
const codec = createSharpCodec();
const open = (bytes: Uint8Array) => ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);

let fused: UnitInstance;
let alone: UnitInstance;
let rfb: ModelSession;
beforeAll(async () => {
  const inference = createOrtBackend();
  const ctx = { inference, logger: silentLogger };
  fused = await detectUnit().setup(ctx);
  alone = await detectUnit({ secondLook: false }).setup(ctx);
  rfb = await inference.load(RFB_320.id);
});

const faces = async (unit: UnitInstance, bytes: Uint8Array): Promise<SampleObject[]> => (await unit.run({ image: open(bytes), objects: [], params: {} })).objects;

/**
 * The photo with a pale blue patch from the nose tip to the chin of each
 * face, as a surgical mask covers it: placed by BlazeFace's keypoints (nose
 * tip, mouth; the chin taken at twice the nose-to-mouth drop below the
 * mouth), 90 % of the box wide, so it does not hang on the box convention.
 */
async function masked(bytes: Buffer, faces: SampleObject[]): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const patches = faces.map(({ bbox: [x1, , x2] = [0, 0, 0, 0], hints }) => {
    const [, noseY] = (hints!.detectorKeypoints as number[][])[2];
    const [, mouthY] = (hints!.detectorKeypoints as number[][])[3];
    const top = noseY - 0.1 * (mouthY - noseY);
    const bottom = mouthY + 2 * (mouthY - noseY);
    return {
      input: { create: { width: Math.round(0.9 * (x2 - x1) * width), height: Math.round((bottom - top) * height), channels: 3 as const, background: { r: 170, g: 200, b: 225 } } },
      left: Math.round((x1 + 0.05 * (x2 - x1)) * width),
      top: Math.round(top * height),
    };
  });
  return sharp(bytes).composite(patches).jpeg({ quality: 90 }).toBuffer();
}

describe('second detector (RFB-320) and fusion', () => {
  it('frames every demo face like BlazeFace once both are in the reported convention', async () => {
    const overlaps: number[] = [];
    for (const bytes of photos) {
      const reference = await faces(alone, bytes);
      const copy = await open(bytes).scaled(RFB_320.tensor.width);
      const boxes = (await secondLook(rfb, RFB_320, copy, 0, 0.9)).map((c) => c.face!);
      expect(boxes).toHaveLength(reference.length);
      for (const f of reference) overlaps.push(Math.max(...boxes.map((b) => iou(b, f.bbox!))));
    }
    // The weakest is a near-profile face, where the two detectors' boxes differ most.
    expect(Math.min(...overlaps)).toBeGreaterThan(0.55);
    expect(overlaps.reduce((a, b) => a + b, 0) / overlaps.length).toBeGreaterThan(0.75);
  });

  it('finds masked faces BlazeFace alone loses, in the unmasked faces\' places', async () => {
    const bare = await faces(alone, photos[4]);
    expect(bare).toHaveLength(5);
    const covered = await masked(photos[4], bare);
    expect((await faces(alone, covered)).length).toBeLessThan(5);
    const found = await faces(fused, covered);
    expect(found).toHaveLength(5);
    for (const f of bare) expect(Math.max(...found.map((g) => iou(g.bbox!, f.bbox!)))).toBeGreaterThan(0.5);
  });

  it('keeps BlazeFace keypoints on fused faces', async () => {
    for (const f of await faces(fused, photos[0])) expect(f.hints?.detectorKeypoints).toHaveLength(6);
  });
});
