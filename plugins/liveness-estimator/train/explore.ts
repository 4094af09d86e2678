/**
 * Leave-one-source-out and dev figures of the candidates whose name holds
 * `filter` (terms separated by `|`; a name must hold one of them and none of
 * the terms that start with `-`) (every candidate of loso.ts and the colour-texture ones, which
 * are too slow to fit for the eval suite), one line each plus APCER/BPCER
 * per held-out source:
 *   npx tsx --conditions=source plugins/liveness-estimator/train/explore.ts [filter]
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { loadItems, trainDir } from './data.ts';
import type { ExtractItem } from './extract.ts';
import { featureRows } from './feature-rows.ts';
import { TEXTURE_CANDIDATES } from './extra-candidates.ts';
import { BPCER_TARGET, CANDIDATES, fitCandidate, leaveOneSourceOut } from './loso.ts';
import { atBpcer, auc, operatingPoint } from './metrics.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..', '..');
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const inference = createOrtBackend({ threads: 1 });
const codec = createSharpCodec();

const dir = trainDir(ROOT);
const { rows: trainRows } = await featureRows('train', dir, loadItems(dir), inference, codec, log);
const devDir = process.env.FACELAB_EVAL_DIR ?? join(ROOT, '..', 'shared', 'eval', 'dev');
const devManifest = JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8'));
const devItems = (devManifest.categories.liveness as any[]).map((i): ExtractItem => ({ file: i.file, real: i.real, group: i.subject_source, source: i.subject_source, attack: i.attack }));
const { rows: devRows } = await featureRows('dev', devDir, devItems, inference, codec, log);

const filter = process.argv[2];
const pct = (x: number): string => `${(100 * x).toFixed(1)}`.padStart(5);
console.log(`${'candidate'.padEnd(52)} wAPCER mAPCER mBPCER  wACER  mACER  wAUC  mAUC | dAUC dAP@5 dAP@thr`);
const terms = (filter ?? '').split('|').filter(Boolean);
const wanted = terms.filter((t) => !t.startsWith('-'));
const unwanted = terms.filter((t) => t.startsWith('-')).map((t) => t.slice(1));
const picked = (name: string): boolean => (wanted.length === 0 || wanted.some((t) => name.includes(t))) && !unwanted.some((t) => name.includes(t));
for (const c of [...CANDIDATES, ...TEXTURE_CANDIDATES].filter((c) => picked(c.name))) {
  const r = leaveOneSourceOut(c, trainRows);
  const scorer = fitCandidate(c, trainRows);
  const { threshold } = atBpcer(trainRows.map(scorer), trainRows.map((x) => x.real), BPCER_TARGET);
  const ds = devRows.map(scorer);
  const dl = devRows.map((x) => x.real);
  const per = r.perSource.map((s) => `${s.source.split('/')[0].slice(0, 6)}:${pct(s.apcer)}/${pct(s.bpcer)}`).join(' ');
  console.log(`${c.name.padEnd(52)} ${pct(r.worstApcer)}  ${pct(r.meanApcer)}  ${pct(r.meanBpcer)}  ${pct(r.worstAcer)}  ${pct(r.meanAcer)} ${r.worstAuc.toFixed(3)} ${r.meanAuc.toFixed(3)} | ${auc(ds, dl).toFixed(3)} ${pct(atBpcer(ds, dl, BPCER_TARGET).apcer)} ${pct(operatingPoint(ds, dl, threshold).apcer)}`);
  console.log(`    ${per}`);
}
