/**
 * Reproduces models/trained/mask-head.onnx. Steps, each cached under
 * train/cache/ (git-ignored):
 *
 *   npx tsx --conditions=source plugins/mask-estimator/train/main.ts real        # features of the real crops
 *   npx tsx --conditions=source plugins/mask-estimator/train/main.ts synthetic   # masks drawn on unmasked faces
 *   npx tsx --conditions=source plugins/mask-estimator/train/main.ts head        # trains, reports, writes the ONNX + manifest fragment
 *
 * FACELAB_TRAIN_DIR overrides the data folder (default ../shared/train/mask).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { loadItems, trainDir } from './data.ts';
import { concatRows, extractRows, loadRows, saveRows, type Rows } from './extract.ts';
import { FEATURE_MODEL } from '../src/models.ts';
import { loadFeatureModel } from './features.ts';
import { selectAndTrain, writeHead } from './head.ts';
import { createRandom, hashString } from './random.ts';
import { realPictures } from './real.ts';
import { syntheticPictures } from './synthetic.ts';
import { verifyOnnx } from './verify.ts';

export const SEED = 20251126;
export const VARIATIONS = 2;
const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..', '..');
export const CACHE = join(here, 'cache');
/** Dev-set figures of the committed head, copied from `npm run eval mask` after training. */
const EVAL_FIGURES = join(here, 'eval-figures.json');

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function real(): Promise<void> {
  const dir = trainDir(REPO_ROOT);
  const items = loadItems(dir);
  const model = await loadFeatureModel(REPO_ROOT, process.env.FACELAB_FEATURES as 'onnx' | 'tfjs' | undefined);
  log(`real: ${items.length} pictures x ${VARIATIONS + 1} crops, features from ${model.kind}`);
  const began = performance.now();
  const rows = await extractRows(realPictures(dir, items, createSharpCodec()), model, VARIATIONS, (key) => createRandom(SEED ^ hashString(key)), (done) => {
    if (done % 400 === 0) log(`  ${done} crops, ${((performance.now() - began) / done).toFixed(0)} ms/crop`);
  });
  saveRows(join(CACHE, `real-${model.kind}`), rows);
  log(`real: ${rows.meta.length} rows in ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

export const MASKS_PER_FACE = 1;

async function synthetic(): Promise<void> {
  const dir = trainDir(REPO_ROOT);
  const items = loadItems(dir);
  const model = await loadFeatureModel(REPO_ROOT, process.env.FACELAB_FEATURES as 'onnx' | 'tfjs' | undefined);
  const stats = { faces: 0, fitted: 0 };
  const began = performance.now();
  const pictures = syntheticPictures(dir, items, createSharpCodec(), createOrtBackend({ warmup: false }), SEED, MASKS_PER_FACE, stats);
  const rows = await extractRows(pictures, model, VARIATIONS, (key) => createRandom(SEED ^ hashString(key)), (done) => {
    if (done % 400 === 0) log(`  ${done} crops, ${((performance.now() - began) / done).toFixed(0)} ms/crop`);
  });
  saveRows(join(CACHE, `synthetic-${model.kind}`), rows);
  log(`synthetic: ${stats.fitted}/${stats.faces} unmasked faces fitted, ${rows.meta.length} rows in ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

async function head(): Promise<void> {
  const kind = process.env.FACELAB_FEATURES === 'tfjs' ? 'tfjs' : existsSync(join(CACHE, 'real-onnx.json')) ? 'onnx' : 'tfjs';
  const parts = ['real', 'synthetic'].flatMap((name) => loadRows(join(CACHE, `${name}-${kind}`)) ?? []);
  if (parts.length === 0) throw new Error(`No cached rows for ${kind} features; run "main.ts real" first`);
  const rows: Rows = concatRows(...parts);
  const report = selectAndTrain(rows, SEED, log);
  const count = (pred: (m: Rows['meta'][number]) => boolean): number => rows.meta.filter((m) => m.variation === 0 && pred(m)).length;
  const { onnx } = writeHead(join(REPO_ROOT, 'models'), report, {
    task: 'mask: P(medical mask) of a face, from faceres features of the face crop',
    source: { trainedBy: 'plugins/mask-estimator/train/main.ts (real, synthetic, head)', data: '../shared/train/mask' },
    origin: 'trained by plugins/mask-estimator/train (this repository)',
    licence: 'MIT (weights trained here); the training pictures are not redistributed (see ../shared/train/mask/SOURCES.md)',
    facts: [
      { fact: `features: ${FEATURE_MODEL.id} ${FEATURE_MODEL.output} (1024-d) of a square crop on the face box, side (w + h) / 2, 224x224, BGR minus [103.939, 116.779, 123.68]`, evidence: 'read' },
      { fact: 'standardisation folded into the first layer; graph MatMul, Add, Relu, MatMul, Add, Sigmoid (MatMul, Add, Sigmoid for a linear head)', evidence: 'read' },
    ],
    training: {
      data: '../shared/train/mask: Kaggle Face Mask 12K (via Karimashraf01) and andrewmvd crops (via hittheant), no eval source (see its SOURCES.md)',
      pictures: { masked: count((m) => m.kind === 'real' && m.label), unmasked: count((m) => m.kind === 'real' && !m.label), syntheticMasked: count((m) => m.kind === 'synthetic') },
      synthetic: `${MASKS_PER_FACE} mask per unmasked face drawn from its face-fitter mesh (surgical, cloth, KN95; colours, patterns, position, light)`,
      variationsPerPicture: VARIATIONS,
      rows: report.allRows,
      featuresFrom: kind,
      method: 'MLP or logistic regression chosen on validation, AdamW, class-balanced cross-entropy, input dropout; refitted on all rows',
      head: report.options,
      seed: SEED,
      validation: report.validation,
      validationNote: 'one source photo in six of the training data, held out while choosing the head (never the eval set)',
    },
    ...(existsSync(EVAL_FIGURES) ? { evaluation: JSON.parse(readFileSync(EVAL_FIGURES, 'utf8')) } : {}),
  });
  await verifyOnnx(onnx, report.head, rows.features.subarray(0, 64 * 1024), log);
}

const command = process.argv[2];
if (command === 'real') await real();
else if (command === 'synthetic') await synthetic();
else if (command === 'head') await head();
else {
  log('usage: main.ts real | synthetic | head');
  process.exit(2);
}
