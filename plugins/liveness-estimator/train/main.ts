/**
 * Reproduces models/trained/liveness-embed-head.onnx and its manifest
 * fragment (liveness-embed-head.json):
 *
 *   npx tsx --conditions=source plugins/liveness-estimator/train/main.ts head [--served-only]
 *
 * (--served-only: leave-one-source-out of the served candidate alone, minutes instead of a quarter hour; the
 * fragment then lists no other candidate.)
 *
 * Measures every training picture once (detect, fit, crops, models, cues;
 * the extra crops and colour texture of extra.ts; cached under
 * $TMPDIR/facelab-eval, see cache.ts), then runs
 * leave-one-source-out over every candidate, calibrates the served one and
 * writes the head (fit-head.ts). FACELAB_TRAIN_DIR overrides the data folder
 * (default ../shared/train/liveness). Nothing here reads ../shared/eval.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { loadItems, trainDir } from './data.ts';
import { featureRows } from './feature-rows.ts';
import { fitServedHead } from './fit-head.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(here, '..', '..', '..');

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

if (process.argv[2] !== 'head') throw new Error('usage: main.ts head [--served-only]');
const everyCandidate = !process.argv.includes('--served-only');
const dir = trainDir(REPO_ROOT);
const items = loadItems(dir);
log(`${items.length} pictures from ${dir}`);
const inference = createOrtBackend({ threads: 2 });
const codec = createSharpCodec();
const { rows, missed } = await featureRows('train', dir, items, inference, codec, log);
log(`${rows.length} faces, ${missed.length} pictures without a face`);
await fitServedHead(rows, missed.length, join(REPO_ROOT, 'models', 'trained'), log, everyCandidate);
