/**
 * Leave-one-source-out figures of the dtn-antispoof candidates
 * (dtn-candidates.ts) beside the served head's candidate, one line each
 * plus APCER/BPCER/AUC per held-out source:
 *   npx tsx --conditions=source plugins/liveness-estimator/train/dtn-explore.ts [filter]
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { loadItems, trainDir } from './data.ts';
import { DTN_CANDIDATES } from './dtn-candidates.ts';
import { featureRows } from './feature-rows.ts';
import { CANDIDATES, leaveOneSourceOut } from './loso.ts';
import { SERVED_CANDIDATE } from './served.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..', '..');
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const inference = createOrtBackend({ threads: 1 });
const codec = createSharpCodec();

const dir = trainDir(ROOT);
const { rows } = await featureRows('train', dir, loadItems(dir), inference, codec, log);

const SERVED = SERVED_CANDIDATE;
const filter = process.argv[2];
const pct = (x: number): string => `${(100 * x).toFixed(1)}`.padStart(5);
console.log(`${'candidate'.padEnd(52)} wAPCER mAPCER mBPCER  wACER  mACER  wAUC  mAUC`);
for (const c of CANDIDATES.filter((c) => c.name === SERVED || DTN_CANDIDATES.includes(c)).filter((c) => !filter || c.name.includes(filter) || c.name === SERVED)) {
  const r = leaveOneSourceOut(c, rows);
  console.log(`${c.name.padEnd(52)} ${pct(r.worstApcer)}  ${pct(r.meanApcer)}  ${pct(r.meanBpcer)}  ${pct(r.worstAcer)}  ${pct(r.meanAcer)} ${r.worstAuc.toFixed(3)} ${r.meanAuc.toFixed(3)}`);
  console.log(`    ${r.perSource.map((s) => `${s.source.split('/')[0].slice(0, 8)}:${pct(s.apcer)}/${pct(s.bpcer)}/${s.auc.toFixed(2)}`).join(' ')}`);
}
