/**
 * The mesh passes split several faces into two batches started together,
 * which a backend with a helper thread (parallelRuns) runs on two cores.
 * The meshes must not depend on the batch a face was in, nor on the thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type DecodeOptions, type ImageCodec, type SampleObject, type UnitInstance } from '@facelab/core';
import { createOrtBackend, createSharpCodec, type OrtBackend } from '@facelab/runtime';
import { detectUnit, faceDetector } from '@facelab/face-detector';
import { cropFromBox } from './crop.ts';
import { faceFitter, fitUnit } from './index.ts';
import { createMeshRunner } from './mesh-runner.ts';
import { FACEMESH } from './models.ts';

const photo = readFileSync(join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const codec = createSharpCodec();
const open = () => ImageSource.open(photo, codec, DEFAULT_IMAGE_LIMITS, ['body']);

let plain: OrtBackend;
let faces: SampleObject[];
beforeAll(async () => {
  plain = createOrtBackend({ threads: 1 });
  const detect = await detectUnit().setup({ inference: plain, logger: silentLogger });
  faces = (await detect.run({ image: open(), objects: [], params: {} })).objects;
});

describe('mesh runs in two batches', () => {
  it('give each face the mesh it gets alone, bit for bit', async () => {
    expect(faces.length).toBeGreaterThanOrEqual(3);
    const picture = await open().full();
    const crops = faces.map((f) => cropFromBox(f.bbox!, picture.width, picture.height));
    const run = createMeshRunner(await plain.load(FACEMESH.id), FACEMESH);
    const together = await run(picture, crops);
    for (const [i, crop] of crops.entries()) {
      const alone = await run(picture, [crop]);
      expect(Array.from(together.meshes[i])).toEqual(Array.from(alone.meshes[0]));
      expect(together.scores[i]).toBe(alone.scores[0]);
    }
  });

  it('fit the same points whether or not a helper thread ran some of them', async () => {
    const fitWith = async (inference: OrtBackend): Promise<UnitInstance> => fitUnit().setup({ inference, logger: silentLogger });
    const points = async (fit: UnitInstance) => (await fit.run({ image: open(), objects: faces, params: {} })).objects.map((o) => o.landmarks);
    const expected = await points(await fitWith(plain));
    const parallel = createOrtBackend({ threads: 1, parallelRuns: true });
    const fit = await fitWith(parallel);
    // The helper loads the mesh model with the first offered run; until then this thread runs all.
    for (let round = 0; round < 100 && parallel.helperRuns() === 0; round++) expect(await points(fit)).toEqual(expected);
    expect(parallel.helperRuns()).toBeGreaterThan(0);
    expect(await points(fit)).toEqual(expected);
  });
});

describe('the face copy decoded while the detector runs', () => {
  it('is the copy the fitter takes, decoded once, and only while a core is spare', async () => {
    // One face filling a 1920 px frame (as the bench's): its crops come from the 1/4 copy, 480 px.
    const one = await sharp(photo).extract({ left: 200, top: 250, width: 700, height: 467 }).resize(1920).jpeg({ quality: 90 }).toBuffer();
    const sides: (number | undefined)[] = [];
    const counting: ImageCodec = { ...codec, decode: (bytes: Uint8Array, options: DecodeOptions = {}) => (sides.push(options.maxSide), codec.decode(bytes, options)) };
    let spare = true;
    const app = await createImageApi({ plugins: [faceDetector(), faceFitter()], inference: plain, imageCodec: counting, spareCore: () => spare });
    const keypoints = async () => {
      sides.length = 0;
      const res = await app.request('/face-detector-face-fitter/v2/process/image', { method: 'POST', body: new Uint8Array(one), headers: { 'content-type': 'image/jpeg' } });
      expect(res.status).toBe(200);
      return (await res.json()).objects.map((o: any) => o.keypoints);
    };
    const ahead = await keypoints();
    expect(ahead.length).toBe(1);
    expect(sides[0]).toBe(480);
    expect(sides.filter((s) => s === 480)).toHaveLength(1);
    spare = false;
    expect(await keypoints()).toEqual(ahead);
    expect(sides[0]).not.toBe(480);
    expect(sides.filter((s) => s === 480)).toHaveLength(1);
  });
});
