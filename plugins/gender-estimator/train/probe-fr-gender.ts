/**
 * Reads faceplugin's fr_gender on training faces (../shared/train/age_gender
 * only) under several crops and colour orders, to find the preprocessing
 * that reads it best: prints accuracy at 0.5 and the AUC per setting.
 *
 *   npx tsx --conditions=source plugins/gender-estimator/train/probe-fr-gender.ts [pictures]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DEFAULT_IMAGE_LIMITS, ImageSource, type SampleObject, type TensorLayout } from '@facelab/core';
import { createFaceFramer } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { cropBatch, frameCrops, type CropGeometry } from '../../age-estimator/src/preprocess.ts';
import { FR_GENDER, ssrGender } from './fr-gender.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const count = Number(process.argv[2] ?? 150);
const framer = await createFaceFramer(createOrtBackend({ threads: 1 }));
const codec = createSharpCodec();
const session = await ort.InferenceSession.create(readFileSync(join(root, 'models', '.packages', 'faceplugin-face-recognition-js@0.0.1', 'model', 'fr_gender.onnx')), { intraOpNumThreads: 1 });
const items = (JSON.parse(readFileSync(join(trainRoot, 'age_gender', 'manifest.json'), 'utf8')) as { items: { file: string; gender: string }[] }).items;
const step = Math.floor(items.length / count);
const settings: { name: string; crop: CropGeometry; tensor: TensorLayout }[] = [];
for (const channels of ['rgb', 'bgr'] as const) {
  for (const scale of [1.0, 1.2, 1.4, 1.7]) settings.push({ name: `${channels} x${scale}`, crop: { scale, levelAbove: 10 }, tensor: { ...FR_GENDER.tensor, channels } });
}
const scores = settings.map(() => [] as number[]);
const labels: number[] = [];
for (let i = 0; i < items.length; i += step) {
  const image = ImageSource.open(new Uint8Array(readFileSync(join(trainRoot, 'age_gender', items[i].file))), codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const { frames } = await framer.frames(image, [{ extra: {}, bbox: [0, 0, 1, 1] } as SampleObject]);
  labels.push(items[i].gender === 'male' ? 1 : 0);
  for (const [k, s] of settings.entries()) {
    const picture = await image.forFaces([frames[0].box], s.crop.scale, FR_GENDER.size);
    const batch = cropBatch(picture, frameCrops(frames, picture.width, picture.height, s.crop), s.tensor, false);
    const out = await session.run({ input: new ort.Tensor('float32', batch.data, [1, 3, 64, 64]) });
    scores[k].push(ssrGender((n) => out[n].data as Float32Array));
  }
}
const auc = (s: number[]): number => {
  let win = 0;
  let pairs = 0;
  s.forEach((a, i) => s.forEach((b, j) => {
    if (labels[i] === 1 && labels[j] === 0) (pairs++, (win += a > b ? 1 : a === b ? 0.5 : 0));
  }));
  return win / pairs;
};
for (const [k, setting] of settings.entries()) {
  const s = scores[k];
  const acc = s.filter((v, i) => (v >= 0.5 ? 1 : 0) === labels[i]).length / s.length;
  console.log(`${setting.name}: accuracy at 0.5 ${acc.toFixed(3)}, AUC ${auc(s).toFixed(3)}, mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(3)} (${labels.length} faces)`);
}
