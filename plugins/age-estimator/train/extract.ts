/**
 * Frozen features of the training faces (../shared/train/age_gender only,
 * never eval data), made the way the server makes them: each picture's face
 * is located by the attribute units' own framer from the whole picture as
 * its box, then
 *   - faceres on the unit's crop (FACERES.crop) and its mirror image:
 *     `global_pooling/Mean` (1024), the 100 age bins and P(male);
 *   - fr-feature (MobileFaceNet, 512) on the five-point ArcFace crop from
 *     the located points, and its mirror (template-extractor's alignment).
 * Writes OUT.f32 (one row of ROW floats per picture, layout in rows.ts),
 * OUT.idx (the manifest index of each row) and OUT.json (the labels).
 *
 *   npx tsx --conditions=source plugins/age-estimator/train/extract.ts /tmp/i15a/train [every] [shard]
 * (pictures i with i % every === shard, so shards can run side by side)
 */
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, float32Tensor, ImageSource, type SampleObject } from '@facelab/core';
import { createFaceFramer } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { MOBILEFACENET } from '@facelab/template-extractor';
import { describe } from '../../template-extractor/src/extract.ts';
import { chipBatch } from '../../template-extractor/src/preprocess.ts';
import { meshPoints } from '../../face-fitter/src/points.ts';
import { FACERES } from '../src/models.ts';
import { cropBatch, frameCrops } from '../src/preprocess.ts';
import { POOL, ROW, ROW_LAYOUT, type Item } from './rows.ts';


const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const [out = '/tmp/i15a/train', everyArg = '1', shardArg = '0', set = 'age_gender'] = process.argv.slice(2);
const every = Number(everyArg);
const shard = Number(shardArg);
mkdirSync(dirname(out), { recursive: true });

const inference = createOrtBackend();
const framer = await createFaceFramer(inference);
const faceres = await inference.load(FACERES.id);
const mobile = await inference.load(MOBILEFACENET.id);
const codec = createSharpCodec();

// The manifest is sorted by age: a fixed shuffle makes any prefix of the output a fair sample.
// FACELAB_EXTRACT_FROM skips the manifest's first pictures (already extracted by an earlier run).
const from = Number(process.env.FACELAB_EXTRACT_FROM ?? 0);
const all = (JSON.parse(readFileSync(join(trainRoot, set, 'manifest.json'), 'utf8')) as { items: Item[] }).items;
const order = all.map((_, i) => i).filter((i) => i >= from && i % every === shard).sort((a, b) => ((a * 7919) % 10007) - ((b * 7919) % 10007));
const items = order.map((i) => all[i]);
writeFileSync(`${out}.f32`, new Uint8Array(0));
writeFileSync(`${out}.idx`, '');
const labels: Item[] = [];
const began = performance.now();
for (const [n, item] of items.entries()) {
  const row = new Float32Array(ROW);
  const image = ImageSource.open(readFileSync(join(trainRoot, set, item.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const framed = await framer.frames(image, [{ extra: {}, bbox: [0, 0, 1, 1] } as SampleObject]);
  const frame = framed.frames[0];
  // faceres, exactly the unit's crop.
  const picture = await image.forFaces([frame.box], FACERES.crop.scale, FACERES.size);
  const crops = frameCrops([frame], picture.width, picture.height, FACERES.crop);
  const batch = cropBatch(picture, crops, FACERES.tensor, true);
  const res = await faceres.run({ [FACERES.input]: float32Tensor(batch.data, [2, FACERES.size, FACERES.size, 3]) }, [FACERES.ageBins, FACERES.male, POOL]);
  const pool = res[POOL].data as Float32Array;
  const bins = res[FACERES.ageBins].data as Float32Array;
  const male = res[FACERES.male].data as Float32Array;
  row.set(pool.subarray(0, 1024), ROW_LAYOUT.pool);
  row.set(pool.subarray(1024, 2048), ROW_LAYOUT.poolM);
  row.set(bins.subarray(0, 100), ROW_LAYOUT.bins);
  row.set(bins.subarray(100, 200), ROW_LAYOUT.binsM);
  row[ROW_LAYOUT.male] = male[0];
  row[ROW_LAYOUT.maleM] = male[1];
  // fr-feature on the ArcFace crop from the located mesh.
  const mesh = framed.faces[0].hints?.mesh as Float32Array | undefined;
  if (mesh) {
    const object: SampleObject = { extra: {}, bbox: frame.box, landmarks: { fitterType: 'facelab_mesh468', points: meshPoints(mesh, 1, 1) } };
    const full = await image.full();
    const chips = chipBatch(full, [{ object, index: 0 }], MOBILEFACENET);
    const raw = await describe(mobile, MOBILEFACENET, chips);
    row.set(raw.subarray(0, 512), ROW_LAYOUT.emb);
    row.set(raw.subarray(512, 1024), ROW_LAYOUT.embM);
    row[ROW_LAYOUT.located] = 1;
  }
  appendFileSync(`${out}.f32`, new Uint8Array(row.buffer));
  appendFileSync(`${out}.idx`, `${order[n]}\n`);
  labels.push(item);
  if (n % 200 === 0) process.stderr.write(`${n}/${items.length} ${((performance.now() - began) / (n + 1)).toFixed(0)} ms/face\n`);
}
writeFileSync(`${out}.json`, JSON.stringify(labels));
process.stderr.write(`done: ${labels.length} faces in ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
