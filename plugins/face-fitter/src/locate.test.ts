/**
 * Locating once per request: an attribute unit's framer leaves the mesh it
 * found on each face (hints), and a later unit of the same request reads
 * the frames from it instead of running the four mesh passes again, with
 * the same frames as locating afresh.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type SampleObject } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit } from '@facelab/face-detector';
import { createFaceFramer, type FaceFramer } from './index.ts';

const DEMO = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
const codec = createSharpCodec();

let framer: FaceFramer;
let image: ImageSource;
let faces: SampleObject[];
beforeAll(async () => {
  const inference = createOrtBackend();
  framer = await createFaceFramer(inference);
  const detect = await detectUnit().setup({ inference, logger: silentLogger });
  image = ImageSource.open(readFileSync(join(DEMO, 'sample1.jpg')), codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
  // Boxes alone, as a client sends them to process/sample.
  faces = (await detect.run({ image, objects: [], params: {} })).objects.map(({ hints: _, ...box }) => box);
});

describe('createFaceFramer', () => {
  it('locates every face once and leaves its mesh for the next unit, which then runs no mesh pass', async () => {
    expect(faces.length).toBeGreaterThanOrEqual(3);
    const first = await framer.frames(image, faces);
    expect(first.ms).toBeGreaterThan(0);
    expect(first.faces.every((f) => f.hints?.mesh instanceof Float32Array)).toBe(true);
    const second = await framer.frames(image, first.faces);
    expect(second.ms).toBe(0);
    expect(second.faces).toEqual(first.faces);
    expect(second.frames).toEqual(first.frames);
  });
});
