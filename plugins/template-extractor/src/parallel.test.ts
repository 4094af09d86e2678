/**
 * The extractor's model runs (each face's crop and its mirror) start
 * together; a backend with a helper thread (parallelRuns) may run some of
 * them there. The templates must not depend on which thread ran what.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageApi } from '@facelab/core';
import { createOrtBackend, createSharpCodec, type OrtBackend } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { templateExtractor } from './index.ts';

const DEMO = join(import.meta.dirname, '..', '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo');

let photo: Buffer;
let parallel: OrtBackend;
const apps = async (inference: OrtBackend) => createImageApi({ plugins: [faceDetector(), faceFitter(), templateExtractor()], inference, imageCodec: createSharpCodec() });
beforeAll(async () => {
  photo = await sharp(readFileSync(join(DEMO, 'sample1.jpg'))).resize({ width: 900 }).jpeg({ quality: 90 }).toBuffer();
  parallel = createOrtBackend({ threads: 1, parallelRuns: true });
});

const templates = async (app: Awaited<ReturnType<typeof apps>>): Promise<string[]> => {
  const res = await app.request('/face-detector-template-extractor/v2/process/image', { method: 'POST', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg' } });
  expect(res.status).toBe(200);
  return (await res.json()).objects.map((o: any) => o.template._face_template_extractor_1000_12.blob);
};

describe('templates with model runs on a helper thread', () => {
  it('are byte for byte those of the runs one after the other', async () => {
    const expected = await templates(await apps(createOrtBackend({ threads: 1 })));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const app = await apps(parallel);
    // The helper loads the MobileFaceNet with the first offered run; until then the calling thread runs all.
    for (let round = 0; round < 100 && parallel.helperRuns() === 0; round++) expect(await templates(app)).toEqual(expected);
    expect(parallel.helperRuns()).toBeGreaterThan(0);
    const before = parallel.helperRuns();
    // Six runs a request (three faces, each with its mirror): the helper keeps taking some of them.
    for (let round = 0; round < 20 && parallel.helperRuns() === before; round++) expect(await templates(app)).toEqual(expected);
    expect(parallel.helperRuns()).toBeGreaterThan(before);
  });
});
