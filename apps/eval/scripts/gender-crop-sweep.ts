/**
 * Which crop of the located face face-api's age/gender net reads best, on
 * ../shared/train UTKFace faces (never dev): P(male) at 0.5 per crop
 * geometry (side over the canonical frame's larger side, centre shift down
 * in frame heights), with the detector's box.
 *
 *   npx tsx --conditions=source apps/eval/scripts/gender-crop-sweep.ts 20
 *
 * face-api trained on UTKFace, so this finds the framing it was trained
 * with rather than an unseen-data accuracy.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { createFaceFramer } from '@facelab/face-fitter';
import { createFaceapiRunner } from '../../../plugins/gender-estimator/src/faceapi-runner.ts';

const trainDir = resolve(process.env.FACELAB_TRAIN_DIR ?? '/work/shared/train', 'age_gender');
const every = Math.max(1, Number(process.argv[2] ?? 20));
const GEOMETRIES = [
  { scale: 1.0, down: 0 },
  { scale: 1.2, down: 0 },
  { scale: 1.29, down: 0.095 },
  { scale: 1.4, down: 0.1 },
  { scale: 1.4, down: 0.2 },
  { scale: 1.6, down: 0.15 },
];

const manifest = JSON.parse(readFileSync(join(trainDir, 'manifest.json'), 'utf8'));
const items = (manifest.items as { file: string; gender: string; age: number }[]).filter((_, i) => i % every === 0);
const inference = createOrtBackend({ threads: 2 });
const codec = createSharpCodec();
const app = await createImageApi({ plugins: [faceDetector()], inference, imageCodec: codec, logger: silentLogger });
const framer = await createFaceFramer(inference);
const runners = await Promise.all(GEOMETRIES.map((g) => createFaceapiRunner(inference, false, { ...g, levelAbove: 10 })));
const correct = GEOMETRIES.map(() => 0);
const ageErr = GEOMETRIES.map(() => 0);
let n = 0;
for (const item of items) {
  const bytes = readFileSync(join(trainDir, item.file));
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'face.jpg');
  const json: any = await (await app.request('/face-detector/v2/process/image', { method: 'POST', body: form })).json();
  const face = (json.objects ?? []).sort((a: any, b: any) => (b.confidence ?? 0) - (a.confidence ?? 0))[0];
  const image = ImageSource.open(new Uint8Array(bytes), codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const { frames } = await framer.frames(image, [{ id: 0, class: 'face', bbox: face?.bbox ?? [0, 0, 1, 1] }]);
  for (let g = 0; g < runners.length; g++) {
    const { estimates } = await runners[g].estimate(image, frames);
    if ((estimates[0].male >= 0.5 ? 'male' : 'female') === item.gender) correct[g]++;
    ageErr[g] += Math.abs(estimates[0].age - item.age);
  }
  n++;
}
GEOMETRIES.forEach((g, i) => console.log(`scale ${g.scale} down ${g.down}: gender ${((100 * correct[i]) / n).toFixed(1)} %, age MAE ${(ageErr[i] / n).toFixed(2)} y (${n} train faces)`));
