/**
 * CPU cost per face of the gender sources, one ONNX Runtime thread, on the
 * faces of face-api's demo photo sample2 (no dev data):
 *
 *   npx tsx --conditions=source apps/eval/scripts/gender-cost.ts
 *
 * Prints CPU ms (this process, all threads) and wall ms per face for the
 * locator (the face framer), faceres and face-api's age/gender net (crops
 * included), all faces of the photo in one batch as the unit runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, v2Codec } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { createFaceFramer } from '@facelab/face-fitter';
import { createFaceresRunner } from '@facelab/age-estimator';
import { createFaceapiRunner } from '../../../plugins/gender-estimator/src/faceapi-runner.ts';

const bytes = readFileSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample2.jpg'));
const inference = createOrtBackend({ threads: 1 });
const codec = createSharpCodec();
const app = await createImageApi({ plugins: [faceDetector()], inference, imageCodec: codec, logger: silentLogger });
const form = new FormData();
form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'p.jpg');
const res = await app.request('/face-detector/v2/process/image', { method: 'POST', body: form });
const image = ImageSource.open(new Uint8Array(bytes), codec, DEFAULT_IMAGE_LIMITS, ['image']);
const objects = v2Codec.decode((await res.json()) as Record<string, unknown>, await image.full()).objects;
const framer = await createFaceFramer(inference);
const faceres = await createFaceresRunner(inference, { flip: false, ageRule: 'expected', heads: false });
const faceapi = await createFaceapiRunner(inference);
const faceapiFlip = await createFaceapiRunner(inference, true);
const { frames } = await framer.frames(image, objects);

const stages: [string, () => Promise<unknown>][] = [
  ['locator (framer)', () => framer.frames(image, objects)],
  ['faceres', () => faceres.estimate(image, frames)],
  ['face-api age/gender', () => faceapi.estimate(image, frames)],
  ['face-api age/gender, mirror-averaged (age-gated)', () => faceapiFlip.estimate(image, frames)],
];
for (const [name, run] of stages) {
  await run(); // warm-up
  const rounds = 5;
  const cpu = process.cpuUsage();
  const began = performance.now();
  for (let r = 0; r < rounds; r++) await run();
  const used = process.cpuUsage(cpu);
  const n = rounds * frames.length;
  console.log(`${name}: ${((used.user + used.system) / 1000 / n).toFixed(1)} ms CPU, ${((performance.now() - began) / n).toFixed(1)} ms wall per face (${frames.length} faces x ${rounds})`);
}
