/**
 * Issue 14 exploration of new cue families (nothing here is served):
 * leave-one-source-out and dev figures of every candidate of
 * explore-candidates.ts beside the served head's candidate, measured the
 * same way, one summary line each plus APCER/ACER/AUC per held-out source.
 *
 *   FACELAB_CACHE_DIR=/tmp/facelab-i14f npx tsx --conditions=source plugins/liveness-estimator/train/explore-cues.ts [filter] [--cap=N] [--json=path]
 *
 * `filter`: comma-separated terms; a candidate is kept when its name or
 * family holds one of the plain terms (all, when there is none) and none
 * of the `!`-prefixed ones (`net,stats`, `!stat:`); `--cap=N` keeps
 * at most N faces per (source, class), evenly spaced, for a quick look
 * (the figures then differ from the full run's). Features are measured
 * once (about 0.2 s a picture) and cached beside the other row caches.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { cachePath } from './cache.ts';
import { loadItems, trainDir } from './data.ts';
import { EXPLORE_CANDIDATES } from './explore-candidates.ts';
import { withExplore, type ExploreRow } from './explore-features.ts';
import { fitExplore, losoExplore, nestedThreshold } from './explore-loso.ts';
import type { ExtractItem } from './extract.ts';
import { featureRows } from './feature-rows.ts';
import { BPCER_TARGET } from './loso.ts';
import { atBpcer, auc, operatingPoint } from './metrics.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..', '..');
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const inference = createOrtBackend({ threads: 1 });
const codec = createSharpCodec();

const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--'));
const cap = Number(args.find((a) => a.startsWith('--cap='))?.slice(6) ?? Infinity);
const jsonPath = args.find((a) => a.startsWith('--json='))?.slice(7);

async function load(name: 'train' | 'dev', dir: string, items: readonly ExtractItem[], sizes: Map<string, [number, number]>): Promise<ExploreRow[]> {
  const { rows } = await featureRows(name, dir, items, inference, codec, log);
  return (await withExplore(dir, rows, codec, cachePath(name), log)).map((r) => ({ ...r, pictureSize: sizes.get(r.file) }));
}
type Sized = { file: string; width: number; height: number };
const sizesOf = (items: Sized[]): Map<string, [number, number]> => new Map(items.map((i) => [i.file, [i.width, i.height]]));

const dir = trainDir(ROOT);
const devDir = process.env.FACELAB_EVAL_DIR ?? join(ROOT, '..', 'shared', 'eval', 'dev');
const devManifest = JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8'));
const devList = devManifest.categories.liveness as (Sized & { real: boolean; subject_source: string; attack: string | null })[];
const devItems = devList.map(
  (i): ExtractItem => ({ file: i.file, real: i.real, group: i.subject_source, source: i.subject_source, attack: i.attack }),
);
const allTrain = await load('train', dir, loadItems(dir), sizesOf(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).items));
const devRows = await load('dev', devDir, devItems, sizesOf(devList));

/** At most `cap` faces per (source, class), evenly spaced. */
function capped(rows: ExploreRow[]): ExploreRow[] {
  if (!Number.isFinite(cap)) return rows;
  const cells = new Map<string, ExploreRow[]>();
  for (const r of rows) cells.set(`${r.source}|${r.real}`, [...(cells.get(`${r.source}|${r.real}`) ?? []), r]);
  return [...cells.values()].flatMap((cell) => (cell.length <= cap ? cell : Array.from({ length: cap }, (_, i) => cell[Math.floor((i * cell.length) / cap)])));
}
const trainRows = capped(allTrain);
log(`train ${trainRows.length} faces${Number.isFinite(cap) ? ` (capped at ${cap} per source and class)` : ''}, dev ${devRows.length}`);

const pct = (x: number): string => `${(100 * x).toFixed(1)}`.padStart(5);
const short = (source: string): string => source.split('/')[0].slice(0, 8);
console.log(`${'candidate'.padEnd(64)} wAPCER mAPCER mBPCER  wACER  mACER  wAUC  mAUC | dAUC dAP@5 dAP@thr`);
const results: unknown[] = [];
const terms = (filter ?? '').split(',').filter(Boolean);
const holds = (c: { name: string; family: string }, t: string): boolean => c.name.includes(t) || c.family.includes(t);
const include = terms.filter((t) => !t.startsWith('!'));
const exclude = terms.filter((t) => t.startsWith('!')).map((t) => t.slice(1));
const chosen = EXPLORE_CANDIDATES.filter((c) => (include.length === 0 || include.some((t) => holds(c, t))) && !exclude.some((t) => holds(c, t)));
for (const c of chosen) {
  const began = performance.now();
  const r = losoExplore(c, trainRows);
  const scorer = fitExplore(c, trainRows, devRows);
  const { threshold } = c.nestedThreshold ? nestedThreshold(c.fit!, trainRows) : atBpcer(trainRows.map(scorer), trainRows.map((x) => x.real), BPCER_TARGET);
  const ds = devRows.map(scorer);
  const dl = devRows.map((x) => x.real);
  const dev = { auc: auc(ds, dl), apcerAtBpcer5: atBpcer(ds, dl, BPCER_TARGET).apcer, apcerAtTrainThreshold: operatingPoint(ds, dl, threshold).apcer, bpcerAtTrainThreshold: operatingPoint(ds, dl, threshold).bpcer };
  const worst = (f: (s: (typeof r.perSource)[number]) => number, max = true) => short(r.perSource.reduce((a, s) => ((max ? f(s) > f(a) : f(s) < f(a)) ? s : a)).source);
  console.log(
    `${`[${c.family}] ${c.name}`.padEnd(64)} ${pct(r.worstApcer)}  ${pct(r.meanApcer)}  ${pct(r.meanBpcer)}  ${pct(r.worstAcer)}  ${pct(r.meanAcer)} ${r.worstAuc.toFixed(3)} ${r.meanAuc.toFixed(3)} | ${dev.auc.toFixed(3)} ${pct(dev.apcerAtBpcer5)} ${pct(dev.apcerAtTrainThreshold)}`,
  );
  console.log(`    worst APCER ${worst((s) => s.apcer)}, ACER ${worst((s) => s.acer)}, AUC ${worst((s) => s.auc, false)}; ${((performance.now() - began) / 1000).toFixed(0)} s`);
  console.log(`    ${r.perSource.map((s) => `${short(s.source)} ${pct(s.apcer).trim()}/${pct(s.acer).trim()}/${s.auc.toFixed(2)}`).join(' | ')}`);
  results.push({ ...r, name: c.name, family: c.family, heldOutScores: undefined, dev });
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify(results, null, 1));
}
