/**
 * Measures how a training set frames its faces around the canonical face
 * frame (core's frameFromPoints on the points the face locator finds):
 * the picture's side over the frame's height (a crop's `scale`) and how far
 * the picture's centre sits below the frame's centre, in frame heights
 * (`down`). Training pictures only (../shared/train), each located from
 * the whole picture as its box. Prints medians and quartiles per set.
 *
 *   npx tsx --conditions=source plugins/age-estimator/train/framing.ts [pictures per set]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource } from '@facelab/core';
import { createFaceFramer } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const perSet = Number(process.argv[2] ?? 200);
const framer = await createFaceFramer(createOrtBackend());
const codec = createSharpCodec();
const quartiles = (xs: number[]): string => {
  const s = xs.slice().sort((a, b) => a - b);
  return [0.25, 0.5, 0.75].map((q) => s[Math.floor(q * (s.length - 1))].toFixed(3)).join(' / ');
};
for (const set of ['age_gender', 'emotion']) {
  const items = (JSON.parse(readFileSync(join(trainRoot, set, 'manifest.json'), 'utf8')) as { items: { file: string }[] }).items;
  const step = Math.max(1, Math.floor(items.length / perSet));
  const scale: number[] = [];
  const down: number[] = [];
  let lost = 0;
  for (let i = 0; i < items.length; i += step) {
    const image = ImageSource.open(readFileSync(join(trainRoot, set, items[i].file)), codec, DEFAULT_IMAGE_LIMITS, ['image']);
    const { frames } = await framer.frames(image, [{ extra: {}, bbox: [0, 0, 1, 1] }]);
    const frame = frames[0];
    if (!frame.eyes) {
      lost++;
      continue;
    }
    const [x1, y1, x2, y2] = frame.box;
    const h = (y2 - y1) * image.height;
    scale.push(Math.max(image.width, image.height) / h);
    down.push((image.height / 2 - ((y1 + y2) / 2) * image.height) / h);
  }
  console.log(`${set}: ${scale.length} faces located (${lost} not); scale ${quartiles(scale)}; down ${quartiles(down)} (quartiles)`);
}
