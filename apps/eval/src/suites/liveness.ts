/**
 * Liveness, measured the way unseen people and attacks will meet it.
 *
 * 1. Leave-one-source-out over ../shared/train/liveness (FACELAB_TRAIN_DIR):
 *    each `subject_source` is held out in turn; learned scorers are fitted
 *    on the other sources and the threshold is the one rejecting 5% of their
 *    real faces. Per held-out source: APCER and BPCER at that threshold,
 *    ACER, AUC; then the worst source and the mean. Every candidate scorer
 *    (plugins/liveness-estimator/train/loso.ts) is ranked, worst source
 *    first.
 * 2. The dev set (../shared/eval/dev `liveness`, measuring only): each
 *    candidate fitted on all of train, AUC, APCER/BPCER at the threshold
 *    train chose, and APCER at BPCER 5% (threshold read off dev itself).
 * 3. The service as shipped on dev: /face-detector-liveness-estimator
 *    (picture in) and /liveness-estimator (the detected, fitted faces sent
 *    back) must give the same P(real); served APCER/BPCER at the default
 *    threshold, APCER at BPCER 5%, end to end (no face = rejected), and
 *    milliseconds per face.
 *
 * Features of every picture (detector box, crops, model outputs, cues) are
 * cached under $TMPDIR/facelab-eval (FACELAB_CACHE_DIR), so a second run
 * only refits and prints.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { featureRows } from '../../../../plugins/liveness-estimator/train/feature-rows.ts';
import { SERVED_CANDIDATE } from '../../../../plugins/liveness-estimator/train/served.ts';
import { loadItems, trainDir } from '../../../../plugins/liveness-estimator/train/data.ts';
import type { ExtractItem, Row } from '../../../../plugins/liveness-estimator/train/extract.ts';
import { BPCER_TARGET, CANDIDATES, fitCandidate, leaveOneSourceOut, rankResults, type LosoResult } from '../../../../plugins/liveness-estimator/train/loso.ts';
import { atBpcer, auc, operatingPoint } from '../../../../plugins/liveness-estimator/train/metrics.ts';
import type { EvalContext, EvalSuite } from '../context.ts';

interface DevItem {
  file: string;
  real: boolean;
  attack: string | null;
  subject_source: string;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const short = (source: string): string => source.split('/')[0];
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);

async function rowsOf(dir: string, items: ExtractItem[], name: string): Promise<{ rows: Row[]; missed: string[] }> {
  const inference = createOrtBackend({ threads: 2 });
  const codec = createSharpCodec();
  const log = (m: string): void => console.log(m);
  return featureRows(name, dir, items, inference, codec, log);
}

function printLoso(result: LosoResult): void {
  console.log(`  ${'held-out source'.padEnd(28)} ${'real'.padStart(4)} ${'atk'.padStart(4)} ${'APCER'.padStart(6)} ${'BPCER'.padStart(6)} ${'ACER'.padStart(6)} ${'AUC'.padStart(6)}`);
  for (const s of result.perSource) {
    console.log(`  ${short(s.source).padEnd(28)} ${String(s.reals).padStart(4)} ${String(s.attacks).padStart(4)} ${pct(s.apcer)} ${pct(s.bpcer)} ${pct(s.acer)} ${s.auc.toFixed(3).padStart(6)}`);
  }
  const worst = result.perSource.reduce((a, b) => (b.apcer > a.apcer ? b : a));
  console.log(`  ${'mean'.padEnd(38)} ${pct(result.meanApcer)} ${pct(result.meanBpcer)} ${pct(result.meanAcer)} ${result.meanAuc.toFixed(3).padStart(6)}`);
  console.log(`  worst source ${short(worst.source)}: APCER ${pct(worst.apcer)}; worst AUC ${result.worstAuc.toFixed(3)}`);
}

interface DevFigures {
  auc: number;
  apcerAtTrainThreshold: number;
  bpcerAtTrainThreshold: number;
  apcerAtBpcer5: number;
  bpcerAtBpcer5: number;
}

function devFigures(name: string, train: Row[], dev: Row[]): DevFigures {
  const candidate = CANDIDATES.find((c) => c.name === name)!;
  const scorer = fitCandidate(candidate, train);
  const { threshold } = atBpcer(train.map(scorer), train.map((r) => r.real), BPCER_TARGET);
  const scores = dev.map(scorer);
  const labels = dev.map((r) => r.real);
  const atTrain = operatingPoint(scores, labels, threshold);
  const atDev = atBpcer(scores, labels, BPCER_TARGET);
  return { auc: auc(scores, labels), apcerAtTrainThreshold: atTrain.apcer, bpcerAtTrainThreshold: atTrain.bpcer, apcerAtBpcer5: atDev.apcer, bpcerAtBpcer5: atDev.bpcer };
}

interface Served {
  item: DevItem;
  p?: number;
  value?: string;
  msImage: number;
  msLiveness?: number;
}

const pReal = (l: { value: string; confidence: number }): number => (l.value.toLowerCase() === 'real' ? l.confidence : 1 - l.confidence);

async function serve(ctx: EvalContext, item: DevItem): Promise<Served> {
  const blob = ctx.read(item.file).toString('base64');
  const res = await ctx.call('/face-detector-liveness-estimator/v2/process/sample', { _image: { blob } });
  if (res.status !== 200) throw new Error(`face-detector-liveness-estimator answered ${res.status} for ${item.file}: ${JSON.stringify(res.json).slice(0, 300)}`);
  const faces = ((res.json.objects ?? []) as any[]).filter((o) => o.class === 'face' && o.liveness);
  if (faces.length === 0) return { item, msImage: res.ms };
  const area = (o: any): number => (o.bbox[2] - o.bbox[0]) * (o.bbox[3] - o.bbox[1]);
  const face = faces.sort((a, b) => area(b) - area(a))[0];
  const { liveness, ...fitted } = face;
  const alone = await ctx.call('/liveness-estimator/v2/process/sample', { _image: { blob }, objects: [fitted] });
  if (alone.status !== 200) throw new Error(`liveness-estimator answered ${alone.status} for ${item.file}: ${JSON.stringify(alone.json).slice(0, 300)}`);
  const again = alone.json.objects[0].liveness;
  if (again.value !== liveness.value || Math.abs(pReal(again) - pReal(liveness)) > 1e-4) {
    throw new Error(`${item.file}: liveness-estimator gave ${JSON.stringify(again)}, face-detector-liveness-estimator ${JSON.stringify(liveness)}`);
  }
  return { item, p: pReal(liveness), value: liveness.value, msImage: res.ms / faces.length, msLiveness: alone.ms };
}

export const suite: EvalSuite = {
  name: 'liveness',
  async run(ctx) {
    const here = dirname(fileURLToPath(import.meta.url));
    const trainFolder = trainDir(join(here, '..', '..', '..', '..'), join(ctx.dir, '..', '..', 'train', 'liveness'));
    const trainItems = loadItems(trainFolder);
    const devItems = (ctx.manifest.categories.liveness as DevItem[]).map((i): ExtractItem => ({ file: i.file, real: i.real, group: i.subject_source, source: i.subject_source, attack: i.attack }));
    const train = await rowsOf(trainFolder, trainItems, 'train');
    const dev = await rowsOf(ctx.dir, devItems, 'dev');
    const sources = [...new Set(train.rows.map((r) => r.source))].sort();
    console.log(`train: ${trainItems.length} pictures, ${train.rows.length} faces found (${train.missed.length} without a face, left out) from ${sources.length} sources`);
    console.log(`dev: ${devItems.length} pictures, ${dev.rows.length} faces found (${dev.missed.length} without a face)`);

    const results = rankResults(CANDIDATES.map((c) => leaveOneSourceOut(c, train.rows)));
    console.log(`\nleave-one-source-out, threshold at BPCER ${BPCER_TARGET * 100}% on the other sources; dev: fitted on all of train`);
    console.log(`  ${'candidate'.padEnd(34)} ${'worstAPCER'.padStart(10)} ${'meanAPCER'.padStart(9)} ${'meanBPCER'.padStart(9)} ${'meanACER'.padStart(8)} ${'worstAUC'.padStart(8)} ${'meanAUC'.padStart(7)} | ${'devAUC'.padStart(6)} ${'devAPCER@5'.padStart(10)} ${'dev@trainThr A/B'.padStart(16)}`);
    const figures: Record<string, number | string> = {};
    for (const r of results) {
      const d = devFigures(r.name, train.rows, dev.rows);
      const mark = r.name === SERVED_CANDIDATE ? '*' : ' ';
      console.log(`${mark} ${r.name.padEnd(34)} ${pct(r.worstApcer).padStart(10)} ${pct(r.meanApcer).padStart(9)} ${pct(r.meanBpcer).padStart(9)} ${pct(r.meanAcer).padStart(8)} ${r.worstAuc.toFixed(3).padStart(8)} ${r.meanAuc.toFixed(3).padStart(7)} | ${d.auc.toFixed(3).padStart(6)} ${pct(d.apcerAtBpcer5).padStart(10)} ${`${pct(d.apcerAtTrainThreshold)}/${pct(d.bpcerAtTrainThreshold)}`.padStart(16)}`);
      figures[`loso_worstApcer_${r.name}`] = round(r.worstApcer);
      figures[`loso_meanApcer_${r.name}`] = round(r.meanApcer);
      figures[`dev_apcerAtBpcer5_${r.name}`] = round(d.apcerAtBpcer5);
    }
    for (const name of new Set([SERVED_CANDIDATE, results[0].name, 'shipped head'])) {
      console.log(`\n${name}${name === SERVED_CANDIDATE ? ' (served)' : ''}, per held-out source:`);
      printLoso(results.find((r) => r.name === name)!);
    }
    const chosen = results.find((r) => r.name === SERVED_CANDIDATE)!;
    Object.assign(figures, {
      servedCandidate: SERVED_CANDIDATE,
      losoWorstApcer: round(chosen.worstApcer),
      losoMeanApcer: round(chosen.meanApcer),
      losoMeanBpcer: round(chosen.meanBpcer),
      losoMeanAcer: round(chosen.meanAcer),
      losoWorstAuc: round(chosen.worstAuc),
      losoMeanAuc: round(chosen.meanAuc),
      ...Object.fromEntries(chosen.perSource.map((s) => [`loso_${short(s.source)}`, `APCER ${round(s.apcer)} BPCER ${round(s.bpcer)} ACER ${round(s.acer)} AUC ${round(s.auc)}`])),
    });

    // The service as shipped, on dev.
    const items = ctx.manifest.categories.liveness as DevItem[];
    const served: Served[] = [];
    for (const item of items) served.push(await serve(ctx, item));
    const found = served.filter((s) => s.p !== undefined);
    const scores = found.map((s) => s.p!);
    const labels = found.map((s) => s.item.real);
    const attacks = found.filter((s) => !s.item.real);
    const reals = found.filter((s) => s.item.real);
    const servedApcer = attacks.filter((s) => s.value === 'real').length / attacks.length;
    const servedBpcer = reals.filter((s) => s.value === 'fake').length / reals.length;
    const atDev = atBpcer(scores, labels, BPCER_TARGET);
    const allAttacks = served.filter((s) => !s.item.real);
    const allReals = served.filter((s) => s.item.real);
    const e2eApcer = allAttacks.filter((s) => s.value === 'real').length / allAttacks.length;
    const e2eBpcer = allReals.filter((s) => s.value !== 'real').length / allReals.length;
    console.log(`\nservice on dev (${found.length} of ${items.length} pictures with a face; both services agree on every face):`);
    console.log(`  AUC ${auc(scores, labels).toFixed(3)}; at the default threshold APCER ${pct(servedApcer)}, BPCER ${pct(servedBpcer)}, ACER ${pct((servedApcer + servedBpcer) / 2)}`);
    console.log(`  APCER at BPCER 5% (threshold ${atDev.threshold.toFixed(3)} read off dev): ${pct(atDev.apcer)} (BPCER ${pct(atDev.bpcer)})`);
    console.log(`  end to end (no face found = rejected) at the default threshold: APCER ${pct(e2eApcer)}, BPCER ${pct(e2eBpcer)}`);
    for (const source of [...new Set(items.map((i) => i.subject_source))].sort()) {
      const part = found.filter((s) => s.item.subject_source === source);
      const a = part.filter((s) => !s.item.real);
      const r = part.filter((s) => s.item.real);
      console.log(`  ${short(source)}: AUC ${auc(part.map((s) => s.p!), part.map((s) => s.item.real)).toFixed(3)}, APCER ${pct(a.filter((s) => s.value === 'real').length / a.length)}, BPCER ${pct(r.filter((s) => s.value === 'fake').length / r.length)}`);
    }
    // Calibration: the share of real faces among those given P(real) in each quarter.
    const bins = [0, 0.25, 0.5, 0.75, 1.0001].slice(0, -1).map((lo, i, all) => {
      const hi = all[i + 1] ?? 1.0001;
      const inBin = found.filter((s) => s.p! >= lo && s.p! < hi);
      return `[${lo.toFixed(2)}, ${Math.min(1, hi).toFixed(2)}): ${inBin.length} faces, mean P(real) ${inBin.length ? (inBin.reduce((a, s) => a + s.p!, 0) / inBin.length).toFixed(2) : '-'}, real ${inBin.length ? (inBin.filter((s) => s.item.real).length / inBin.length).toFixed(2) : '-'}`;
    });
    console.log(`  calibration by P(real) quarter: ${bins.join('; ')}`);
    const ms = found.map((s) => s.msLiveness!);
    console.log(`  ms per face: whole pipeline ${median(found.map((s) => s.msImage)).toFixed(1)} (median), liveness step alone ${median(ms).toFixed(1)} (median)`);
    Object.assign(figures, {
      devAuc: round(auc(scores, labels)),
      devServedApcer: round(servedApcer),
      devServedBpcer: round(servedBpcer),
      devApcerAtBpcer5: round(atDev.apcer),
      devBpcerAtBpcer5: round(atDev.bpcer),
      devEndToEndApcer: round(e2eApcer),
      devEndToEndBpcer: round(e2eBpcer),
      msLivenessPerFaceMedian: round(median(ms), 1),
    });
    return figures;
  },
};
