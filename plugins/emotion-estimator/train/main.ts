/**
 * Reproduces models/trained/emotion-head.onnx and its manifest fragment
 * (emotion-head.json) from ../shared/train/emotion (FACELAB_TRAIN_DIR
 * overrides it; nothing here reads ../shared/eval):
 *
 *   npx tsx --conditions=source plugins/emotion-estimator/train/main.ts extract [N]   measure the first N faces (cached)
 *   npx tsx --conditions=source plugins/emotion-estimator/train/main.ts head [N]      cross-validate, then write the head
 *
 * The cache is $TMPDIR/facelab-emotion-rows.f32 (FACELAB_EMOTION_CACHE); the
 * faces come in a fixed shuffled order, so the first N are a fair sample.
 */
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { EMOTION_MODEL } from '../src/models.ts';
import { loadItems, trainDir } from './data.ts';
import { extractRows } from './extract.ts';
import { crossValidate, writeHead } from './fit-head.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(here, '..', '..', '..');
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const command = process.argv[2];
if (command !== 'extract' && command !== 'head') throw new Error('usage: main.ts extract|head [faces]');
const dir = trainDir(REPO_ROOT);
const items = loadItems(dir, EMOTION_MODEL.labels);
const cache = process.env.FACELAB_EMOTION_CACHE ?? join(tmpdir(), 'facelab-emotion-rows.f32');
const limit = Number(process.argv[3] ?? items.length);
const data = await extractRows(dir, items, createOrtBackend({ threads: 1 }), createSharpCodec(), cache, limit, log);
log(`${data.count} faces measured (cache ${cache})`);
if (command === 'head') {
  const labels = Int32Array.from(items, (i) => i.label);
  const cv = crossValidate(data, labels, log);
  await writeHead(data, labels, cv, join(REPO_ROOT, 'models', 'trained'), log);
}
