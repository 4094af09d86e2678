/**
 * Reproduces models/trained/liveness-head.onnx and its manifest fragment
 * models/trained/liveness-head.json. Two steps, the first cached under
 * train/cache/ (git-ignored):
 *
 *   npx tsx --conditions=source plugins/liveness-estimator/train/main.ts extract   # detect, fit, crops, models, cues
 *   npx tsx --conditions=source plugins/liveness-estimator/train/main.ts head      # input choice, cross-validation, fit, export
 *
 * The input choice also reads train/dev-cues.json (directions measured on
 * the dev set by dev-cues.ts, committed).
 * FACELAB_TRAIN_DIR overrides the data folder (default ../shared/train/liveness).
 * Nothing in these two steps reads ../shared/eval.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { loadItems, trainDir } from './data.ts';
import { extractRows, loadExtracted, saveExtracted } from './extract.ts';
import { trainHead } from './head.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(here, '..', '..', '..');
const CACHE = join(here, 'cache', 'features.json');

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function extract(): Promise<void> {
  const dir = trainDir(REPO_ROOT);
  const items = loadItems(dir);
  log(`extract: ${items.length} pictures from ${dir}`);
  const began = performance.now();
  const data = await extractRows(dir, items, createOrtBackend({ threads: 1 }), createSharpCodec(), (done) => {
    if (done % 200 === 0) log(`  ${done}/${items.length}, ${((performance.now() - began) / done).toFixed(0)} ms/picture`);
  });
  saveExtracted(CACHE, data);
  log(`extract: ${data.rows.length} faces, ${data.missed.length} pictures without a face, ${data.msPerPicture.toFixed(0)} ms/picture`);
}

async function head(): Promise<void> {
  const data = loadExtracted(CACHE);
  if (!data) throw new Error(`No cached features at ${CACHE}; run "main.ts extract" first`);
  await trainHead(data, join(here, 'dev-cues.json'), join(REPO_ROOT, 'models', 'trained'), log);
}

const step = process.argv[2];
if (step === 'extract') await extract();
else if (step === 'head') await head();
else throw new Error('usage: main.ts extract | head');
