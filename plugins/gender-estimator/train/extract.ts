/**
 * Frozen features for gender heads, made the way the server makes them:
 * the face located inside a box by the attribute units' own framer, then,
 * each on the face and on its mirror image,
 *   - faceres on the age unit's crop: `global_pooling/Mean` (1024), P(male)
 *     and its expected age;
 *   - face-api's age/gender net on the same crop: its pooled 512 features
 *     (tensor `pool`, added as an output here), P(male) and its age;
 *   - faceplugin's fr_gender (SSR-Net, 64x64) on its own crop (1.4 frame
 *     boxes), its merged stage-wise score;
 *   - fr-feature (MobileFaceNet, 512) on the five-point ArcFace crop.
 * Sets:
 *   train  ../shared/train/age_gender (training only): every picture with
 *          the whole picture as its box, and once more with one box jitter
 *          (x0.8, x1.3 or shifted 10 % of the first located frame box,
 *          chosen by the picture's index), so box variants are in training;
 *   dev    ../shared/eval/dev UTKFace (measuring only): the attributes
 *          eval's five box variants around the detector's box;
 *   lfw    ../shared/eval/dev LFW people with two or more pictures (no
 *          labels): the detector's box.
 * Writes OUT.f32 (rows of ROW floats, layout in features.ts) and OUT.json
 * (one label record per row).
 *
 *   npx tsx --conditions=source plugins/gender-estimator/train/extract.ts train /tmp/g/train0 2 0
 *   npx tsx --conditions=source plugins/gender-estimator/train/extract.ts dev /tmp/g/dev 2
 *   npx tsx --conditions=source plugins/gender-estimator/train/extract.ts lfw /tmp/g/lfw 1
 * (every k-th picture, shard s of k for train; every k-th picture/person for dev and lfw)
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createImageApi, DEFAULT_IMAGE_LIMITS, float32Tensor, ImageSource, silentLogger, type SampleObject } from '@facelab/core';
import { createFaceFramer } from '@facelab/face-fitter';
import { faceDetector } from '@facelab/face-detector';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { MOBILEFACENET } from '@facelab/template-extractor';
import { describe } from '../../template-extractor/src/extract.ts';
import { chipBatch } from '../../template-extractor/src/preprocess.ts';
import { meshPoints } from '../../face-fitter/src/points.ts';
import { FACERES } from '../../age-estimator/src/models.ts';
import { cropBatch, frameCrops } from '../../age-estimator/src/preprocess.ts';
import { expectedAge } from '../../age-estimator/src/postprocess.ts';
import { addFloatOutput } from '../../../models/onnx-outputs.ts';
import { FACEAPI_AGE_GENDER } from '../src/faceapi.ts';
import { FR_GENDER, ssrGender } from './fr-gender.ts';
import { FEATURE_LAYOUT as L, FEATURE_ROW, jitterOf, trainOrder } from './features.ts';

type Box = [number, number, number, number];
const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const devRoot = resolve(process.env.FACELAB_EVAL_DIR ?? join(root, '..', 'shared', 'eval', 'dev'));
const [set = 'train', out = '/tmp/g/train', everyArg = '1', shardArg = '0'] = process.argv.slice(2);
const every = Number(everyArg);
const shard = Number(shardArg);
mkdirSync(dirname(out), { recursive: true });

const inference = createOrtBackend({ threads: 1 });
const codec = createSharpCodec();
const framer = await createFaceFramer(inference);
const faceres = await inference.load(FACERES.id);
const mobile = await inference.load(MOBILEFACENET.id);
const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const faceapi = await ort.InferenceSession.create(addFloatOutput(readFileSync(join(root, 'models', 'build', 'faceapi-age-gender.onnx')), 'pool'), options);
const frGender = await ort.InferenceSession.create(readFileSync(join(root, 'models', '.packages', 'faceplugin-face-recognition-js@0.0.1', 'model', 'fr_gender.onnx')), options);

const WHOLE: Box = [0, 0, 1, 1];
const clip = (v: number): number => Math.min(1, Math.max(0, v));
/** The attributes eval's box variants (apps/eval attributes suite). */
function variantBox(variant: string, b: Box): Box {
  const [x1, y1, x2, y2] = b;
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const w = x2 - x1;
  const h = y2 - y1;
  const scaled = (s: number): Box => [cx - (w * s) / 2, cy - (h * s) / 2, cx + (w * s) / 2, cy + (h * s) / 2];
  const box: Box = variant === 'detector' ? b : variant === 'whole' ? WHOLE : variant === 'scale0.8' ? scaled(0.8) : variant === 'scale1.3' ? scaled(1.3) : [x1 + 0.1 * w, y1, x2 + 0.1 * w, y2];
  return box.map(clip) as Box;
}

/** One feature row of the face located inside `box`; also returns the located frame box. */
async function features(bytes: Uint8Array, box: Box): Promise<{ row: Float32Array; frameBox: Box; located: boolean }> {
  const row = new Float32Array(FEATURE_ROW);
  const image = ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const framed = await framer.frames(image, [{ extra: {}, bbox: box } as SampleObject]);
  const frame = framed.frames[0];
  // faceres and face-api: the age unit's crop, plain then mirrored.
  const picture = await image.forFaces([frame.box], FACERES.crop.scale, FACERES.size);
  const crops = frameCrops([frame], picture.width, picture.height, FACERES.crop);
  const a = cropBatch(picture, crops, FACERES.tensor, true);
  const res = await faceres.run({ [FACERES.input]: float32Tensor(a.data, [2, FACERES.size, FACERES.size, 3]) }, [FACERES.male, FACERES.ageBins, 'global_pooling/Mean']);
  const bins = res[FACERES.ageBins].data as Float32Array;
  row[L.faceresAge] = expectedAge(bins, 0, FACERES.bins, FACERES.minAge);
  row[L.faceresAgeM] = expectedAge(bins, FACERES.bins, FACERES.bins, FACERES.minAge);
  const pool = res['global_pooling/Mean'].data as Float32Array;
  const male = res[FACERES.male].data as Float32Array;
  row.set(pool.subarray(0, 1024), L.faceres);
  row.set(pool.subarray(1024, 2048), L.faceresM);
  row[L.faceresMale] = male[0];
  row[L.faceresMaleM] = male[1];
  const fa = FACEAPI_AGE_GENDER;
  const pictureFa = await image.forFaces([frame.box], fa.crop.scale, fa.size);
  const b = cropBatch(pictureFa, frameCrops([frame], pictureFa.width, pictureFa.height, fa.crop), fa.tensor, true);
  const r2 = await faceapi.run({ [fa.input]: new ort.Tensor('float32', b.data, [2, 3, fa.size, fa.size]) });
  const faPool = r2.pool.data as Float32Array;
  const faMale = r2[fa.gender].data as Float32Array;
  row.set(faPool.subarray(0, 512), L.faceapi);
  row.set(faPool.subarray(512, 1024), L.faceapiM);
  row[L.faceapiMale] = faMale[0];
  row[L.faceapiMaleM] = faMale[2];
  const faAge = r2[fa.age].data as Float32Array;
  row[L.faceapiAge] = faAge[0];
  row[L.faceapiAgeM] = faAge[1];
  // fr_gender: batch fixed at 1.
  const pictureFr = await image.forFaces([frame.box], FR_GENDER.crop.scale, FR_GENDER.size);
  const c = cropBatch(pictureFr, frameCrops([frame], pictureFr.width, pictureFr.height, FR_GENDER.crop), FR_GENDER.tensor, true);
  const len = 3 * FR_GENDER.size * FR_GENDER.size;
  for (const k of [0, 1]) {
    const r3 = await frGender.run({ input: new ort.Tensor('float32', c.data.slice(k * len, (k + 1) * len), [1, 3, FR_GENDER.size, FR_GENDER.size]) });
    row[k === 0 ? L.frGender : L.frGenderM] = ssrGender((name) => r3[name].data as Float32Array);
  }
  // fr-feature on the ArcFace crop from the located mesh.
  const mesh = framed.faces[0].hints?.mesh as Float32Array | undefined;
  if (mesh) {
    const object: SampleObject = { extra: {}, bbox: frame.box, landmarks: { fitterType: 'facelab_mesh468', points: meshPoints(mesh, 1, 1) } };
    const full = await image.full();
    const raw = await describe(mobile, MOBILEFACENET, chipBatch(full, [{ object, index: 0 }], MOBILEFACENET));
    row.set(raw.subarray(0, 512), L.emb);
    row.set(raw.subarray(512, 1024), L.embM);
  }
  row[L.located] = frame.eyes ? 1 : 0;
  return { row, frameBox: frame.box as Box, located: !!frame.eyes };
}

writeFileSync(`${out}.f32`, new Uint8Array(0));
const labels: Record<string, unknown>[] = [];
const push = (row: Float32Array, label: Record<string, unknown>): void => {
  appendFileSync(`${out}.f32`, new Uint8Array(row.buffer));
  labels.push(label);
};
const began = performance.now();
const progress = (n: number, of: number): void => {
  if (n % 100 === 0) process.stderr.write(`${set} ${n}/${of} ${((performance.now() - began) / (n + 1)).toFixed(0)} ms/picture\n`);
};

if (set === 'train') {
  const all = (JSON.parse(readFileSync(join(trainRoot, 'age_gender', 'manifest.json'), 'utf8')) as { items: { file: string; age: number; gender: string; race: number }[] }).items;
  const order = trainOrder(all.length, every, shard);
  for (const [n, i] of order.entries()) {
    const item = all[i];
    const bytes = new Uint8Array(readFileSync(join(trainRoot, 'age_gender', item.file)));
    const whole = await features(bytes, WHOLE);
    push(whole.row, { set, index: i, file: item.file, variant: 'whole', gender: item.gender, age: item.age });
    const variant = jitterOf(i);
    const jittered = await features(bytes, variantBox(variant, whole.frameBox));
    push(jittered.row, { set, index: i, file: item.file, variant, gender: item.gender, age: item.age });
    progress(n, order.length);
  }
} else {
  const manifest = JSON.parse(readFileSync(join(devRoot, 'manifest.json'), 'utf8'));
  const app = await createImageApi({ plugins: [faceDetector()], inference, imageCodec: codec, logger: silentLogger });
  const detect = async (bytes: Uint8Array): Promise<Box | undefined> => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'face.jpg');
    const json: any = await (await app.request('/face-detector/v2/process/image', { method: 'POST', body: form })).json();
    const faces = (json.objects ?? []).filter((o: any) => o.class === 'face').sort((x: any, y: any) => (y.confidence ?? 0) - (x.confidence ?? 0));
    return faces[0]?.bbox;
  };
  if (set === 'dev') {
    const utk = (manifest.categories.age_gender as { file: string; gender: string; age: number }[]).filter((_, i) => i % every === 0);
    for (const [n, item] of utk.entries()) {
      const bytes = new Uint8Array(readFileSync(join(devRoot, item.file)));
      const detected = (await detect(bytes)) ?? WHOLE;
      for (const variant of ['detector', 'whole', 'scale0.8', 'scale1.3', 'shift0.1']) {
        push((await features(bytes, variantBox(variant, detected))).row, { set, file: item.file, variant, gender: item.gender, age: item.age });
      }
      progress(n, utk.length);
    }
  } else {
    const images = (manifest.categories.verification as { images: { file: string; identity: string }[] }).images;
    const byPerson = new Map<string, string[]>();
    for (const im of images) byPerson.set(im.identity, [...(byPerson.get(im.identity) ?? []), im.file]);
    const people = [...byPerson.entries()].filter(([, files]) => files.length >= 2).filter((_, i) => i % every === 0);
    for (const [n, [identity, files]] of people.entries()) {
      for (const file of files) {
        const bytes = new Uint8Array(readFileSync(join(devRoot, file)));
        const detected = await detect(bytes);
        if (detected) push((await features(bytes, detected)).row, { set, file, variant: 'detector', identity });
      }
      progress(n, people.length);
    }
  }
}
writeFileSync(`${out}.json`, JSON.stringify(labels));
process.stderr.write(`done: ${labels.length} rows in ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
