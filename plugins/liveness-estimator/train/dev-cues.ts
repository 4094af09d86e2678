/**
 * Measures every candidate head input on the dev set's liveness category
 * (../shared/eval/dev, or FACELAB_EVAL_DIR) and writes, per dev source, its
 * AUC for "real" to train/dev-cues.json. head.ts reads only the direction
 * (above or below 0.5) to leave out cues that flip on the dev sources, as
 * the issue allows ("add cues ... when the dev data shows they help"); no
 * weight, scale or threshold of the head comes from here.
 *
 *   npx tsx --conditions=source plugins/liveness-estimator/train/dev-cues.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { CANDIDATE_FEATURES, headRow } from '../src/features.ts';
import type { TrainItem } from './data.ts';
import { extractRows } from './extract.ts';
import { auc } from './metrics.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.env.FACELAB_EVAL_DIR ?? join(here, '..', '..', '..', '..', 'shared', 'eval', 'dev'));
if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No dev set at ${dir} (set FACELAB_EVAL_DIR)`);
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { categories: { liveness: { file: string; real: boolean; subject_source: string }[] } };
const items: TrainItem[] = manifest.categories.liveness.map((i) => ({ file: i.file, real: i.real, attack: i.real ? null : 'replay', subject: i.subject_source, source: i.subject_source, group: i.subject_source }));
const data = await extractRows(dir, items, createOrtBackend({ threads: 1 }), createSharpCodec(), () => {});
const sources = [...new Set(data.rows.map((r) => r.source))].sort();
const table: Record<string, Record<string, number>> = {};
for (const source of sources) {
  const rows = data.rows.filter((r) => r.source === source);
  const values = rows.map((r) => headRow(CANDIDATE_FEATURES, r.cues, r.antispoof, r.liveness));
  table[source] = Object.fromEntries(CANDIDATE_FEATURES.map((name, j) => [name, Number(auc(values.map((v) => v[j]), rows.map((r) => r.real)).toFixed(3))]));
}
const out = { measuredOn: 'shared/eval/dev liveness', faces: data.rows.length, picturesWithoutFace: data.missed.length, aucForReal: table };
writeFileSync(join(here, 'dev-cues.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stderr.write(`dev-cues: ${data.rows.length} faces from ${sources.join(', ')}; wrote train/dev-cues.json\n`);
