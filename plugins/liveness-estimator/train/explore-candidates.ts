/**
 * Issue 14 exploration candidates (explore-cues.ts prints them; nothing
 * here is served), grouped by family:
 *
 * - `served`: the served head's candidate (loso.ts), the like-for-like row.
 * - `net`: logistic heads on frozen features of other networks already
 *   built (explore-features.ts): faceres, fr-expression-embed, the
 *   fr-feature template, dtn-antispoof's inner maps, fr-liveness's logits
 *   at every measured crop; alone and beside the served inputs.
 * - `stats`: image statistics (explore-stats.ts), all together and each
 *   alone (`stat:<name>`, a one-input logistic so the sign is learned per fold).
 * - `objective`: the served inputs with other objectives: sources
 *   weighted equally, L2 chosen by an inner leave-one-source-out for the
 *   worst inner source, the worst training sources upweighted
 *   (group-DRO-like), nonlinear per-feature transforms (winsorised,
 *   rank-Gauss; affine ones are a no-op since the fit standardises), and a diagnostic that centres
 *   every source on its own mean (needs the held-out source's pictures, so
 *   it cannot be served per request).
 */
import { dtnRealness } from '../src/dtn-score.ts';
import { classLogit } from '../src/spoof-score.ts';
import { FR_CROP_NAMES } from './candidates.ts';
import type { DtnFeatures } from './dtn.ts';
import { STAT_NAMES } from './explore-stats.ts';
import type { ExploreFeatures, ExploreRow } from './explore-features.ts';
import type { ExploreCandidate, Fit } from './explore-loso.ts';
import type { ExtraRow } from './extra.ts';
import type { Row } from './extract.ts';
import { predict } from './logistic.ts';
import { fitLogisticLbfgs } from './explore-lbfgs.ts';
import { BPCER_TARGET, CANDIDATES, candidateInputs, trainingSet, type Candidate } from './loso.ts';
import { atBpcer, operatingPoint } from './metrics.ts';
import { SERVED_CANDIDATE } from './served.ts';
import { logit } from '../src/features.ts';

const ex = (r: Row): ExploreFeatures => (r as ExploreRow).explore;
/** log of the face box's longer side in picture pixels. */
const faceSide = (r: Row): number => {
  const [w, h] = (r as ExploreRow).pictureSize ?? [NaN, NaN];
  return Math.log(Math.max((r.bbox[2] - r.bbox[0]) * w, (r.bbox[3] - r.bbox[1]) * h));
};
const dtn = (r: Row): DtnFeatures => (r as Row & { dtn: DtnFeatures }).dtn;
const extra = (r: Row): ExtraRow['extra'] => (r as ExtraRow).extra;
const unit = (v: number[]): number[] => {
  const n = Math.hypot(...v) || 1;
  return v.map((a) => a / n);
};
const dtnScores = (r: Row): number[] => [dtnRealness(dtn(r).s10.score), dtnRealness(dtn(r).s15.score)];
/** The served head's inputs (fr-liveness-embed at 1.2x at unit length, two DTN scores). */
const servedInputs = (r: Row): number[] => [...unit(r.emb), ...dtnScores(r)];
/** The same face's other two training crops, as the served head trains. */
const servedAugment = (r: Row): number[][] => [[...unit(extra(r).emb.e10), ...dtnScores(r)], [...unit(extra(r).emb.e15), ...dtnScores(r)]];
/** fr-liveness's three logits at every measured crop (8 of extract.ts, 3 of extra.ts). */
const allFrLogits = (r: Row): number[] => [...FR_CROP_NAMES.flatMap((c) => r.fr[c]), ...extra(r).logits.e10, ...extra(r).logits.e15, ...extra(r).logits.e27];
const allFrClass1 = (r: Row): number[] => [...FR_CROP_NAMES.map((c) => classLogit(r.fr[c], 1)), ...(['e10', 'e15', 'e27'] as const).map((c) => classLogit(extra(r).logits[c], 1))];

type Block = { key: string; of: (r: Row) => number[] };
const BLOCKS: Block[] = [
  { key: 'faceres', of: (r) => unit(ex(r).faceres) },
  { key: 'expr', of: (r) => unit(ex(r).expr) },
  { key: 'template', of: (r) => unit(ex(r).template) },
  { key: 'dtn-inner', of: (r) => ex(r).dtn },
  { key: 'stats', of: (r) => ex(r).stats },
];
const block = (key: string): Block['of'] => BLOCKS.find((b) => b.key === key)!.of;
/** The dtn block is 64 values per map (32 channel means, then 32 standard deviations), maps cru_2, cru_3..cru_6. */
const dtnMeans = (r: Row): number[] => ex(r).dtn.filter((_, i) => i % 64 < 32);
const dtnNodes = (r: Row): number[] => ex(r).dtn.slice(64);

type Learned = Extract<Candidate, { kind: 'learned' }>;

/** A learned candidate's scorer, fitted by L-BFGS on loso.ts's training set (same objective as fitLogistic; predictions agree to 2e-5 on the served inputs). */
function lbfgsScorer(candidate: Learned, train: readonly Row[]) {
  const model = fitLogisticLbfgs(...trainingSet(candidate, train));
  return (row: Row): number => logit(predict(model, candidateInputs(candidate, row)));
}

const learned = (name: string, family: string, inputs: (r: Row) => number[], l2: number, more: Partial<Learned> = {}): ExploreCandidate => {
  const candidate: Learned = { name, kind: 'learned', inputs, l2, ...more };
  return { name, family, fit: (train) => lbfgsScorer(candidate, train) };
};

const SERVED = CANDIDATES.find((c) => c.name === SERVED_CANDIDATE) as Learned;
const scorerOf = lbfgsScorer;

/** Worst-then-mean ACER of `candidate` over an inner leave-one-source-out on `train`. */
function innerWorstAcer(candidate: Learned, train: readonly Row[]): [number, number] {
  const sources = [...new Set(train.map((r) => r.source))];
  const acers = sources.map((s) => {
    const fitRows = train.filter((r) => r.source !== s);
    const held = train.filter((r) => r.source === s);
    const scorer = scorerOf(candidate, fitRows);
    const { threshold } = atBpcer(fitRows.map(scorer), fitRows.map((r) => r.real), BPCER_TARGET);
    const p = operatingPoint(held.map(scorer), held.map((r) => r.real), threshold);
    return (p.apcer + p.bpcer) / 2;
  });
  return [Math.max(...acers), acers.reduce((a, b) => a + b, 0) / acers.length];
}

/** The served recipe with its L2 chosen among `grid` by an inner leave-one-source-out (worst inner ACER, then mean). */
function innerL2(grid: number[], base: Learned): Fit {
  return (train) => {
    let best = { l2: grid[0], worst: Infinity, mean: Infinity };
    for (const l2 of grid) {
      const [worst, mean] = innerWorstAcer({ ...base, l2 }, train);
      if (Math.round(worst * 100) < Math.round(best.worst * 100) || (Math.round(worst * 100) === Math.round(best.worst * 100) && mean < best.mean)) best = { l2, worst, mean };
    }
    return scorerOf({ ...base, l2: best.l2 }, train);
  };
}

/**
 * Group-DRO-like: fit, find the training sources with the highest mean
 * log-loss, repeat their rows (x2, then x3 for the worst) and refit, a few
 * rounds. `fitLogistic` weights rows, so repetition is the weight.
 */
function worstSourceUpweighted(inputs: (r: Row) => number[], l2: number, rounds: number): Fit {
  return (train) => {
    const x = train.map(inputs);
    const labels = train.map((r) => r.real);
    const sources = [...new Set(train.map((r) => r.source))];
    const repeat = new Map(sources.map((s) => [s, 1]));
    let model = fitLogisticLbfgs(x, labels, l2, train.map((r) => r.source));
    for (let round = 0; round < rounds; round++) {
      const loss = new Map(sources.map((s) => [s, [0, 0]]));
      train.forEach((r, i) => {
        const p = Math.min(1 - 1e-7, Math.max(1e-7, predict(model, x[i])));
        const cell = loss.get(r.source)!;
        cell[0] += -Math.log(r.real ? p : 1 - p);
        cell[1]++;
      });
      const ranked = [...loss.entries()].sort((a, b) => b[1][0] / b[1][1] - a[1][0] / a[1][1]);
      repeat.set(ranked[0][0], repeat.get(ranked[0][0])! + 1);
      if (ranked[1]) repeat.set(ranked[1][0], repeat.get(ranked[1][0])! + 1);
      // Each repeat is its own (source#k, class) cell, so a source repeated k times weighs k cells.
      const idx = train.flatMap((r, i) => Array.from({ length: repeat.get(r.source)! }, (_, k) => [i, k] as const));
      model = fitLogisticLbfgs(
        idx.map(([i]) => x[i]),
        idx.map(([i]) => labels[i]),
        l2,
        idx.map(([i, k]) => `${train[i].source}#${k}`),
      );
    }
    return (row) => logit(predict(model, inputs(row)));
  };
}

/**
 * Diagnostic, not servable: every source (training and held-out) centred
 * on the mean of its own inputs (real and attack together, labels unused),
 * then the served-style logistic. Says how much of the failure is a shift
 * of a whole source that a per-deployment recentring would remove.
 */
function perSourceCentred(inputs: (r: Row) => number[], l2: number) {
  const centre = (rows: readonly Row[]): Map<Row, number[]> => {
    const out = new Map<Row, number[]>();
    for (const s of new Set(rows.map((r) => r.source))) {
      const group = rows.filter((r) => r.source === s);
      const xs = group.map(inputs);
      const mean = xs[0].map((_, j) => xs.reduce((a, v) => a + v[j], 0) / xs.length);
      group.forEach((r, i) => out.set(r, xs[i].map((v, j) => v - mean[j])));
    }
    return out;
  };
  return (train: readonly Row[], held: readonly Row[]) => {
    const t = centre(train);
    const h = centre(held);
    const model = fitLogisticLbfgs(train.map((r) => t.get(r)!), train.map((r) => r.real), l2);
    return (row: Row): number => logit(predict(model, (t.get(row) ?? h.get(row))!));
  };
}

/**
 * Per-feature transforms fitted on the training rows. The fit standardises
 * every input itself, so any affine rescaling is a no-op; only nonlinear
 * ones change the model: `clip` winsorises each input at its 1st/99th
 * training percentile (a source far outside the others cannot dominate
 * a weight), `rank` maps each input to the normal quantile of its
 * training rank (rank-Gauss).
 */
function perFeature(inputs: (r: Row) => number[], l2: number, how: 'clip' | 'rank'): Fit {
  return (train) => {
    const x = train.map(inputs);
    const sorted = x[0].map((_, j) => Float64Array.from(x.map((v) => v[j])).sort());
    const n = x.length;
    const transform = (v: number[]): number[] =>
      v.map((a, j) => {
        const s = sorted[j];
        if (how === 'clip') return Math.min(s[Math.floor(0.99 * (n - 1))], Math.max(s[Math.floor(0.01 * (n - 1))], a));
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (s[mid] < a) lo = mid + 1;
          else hi = mid;
        }
        return normalQuantile((lo + 0.5) / (n + 1));
      });
    const model = fitLogisticLbfgs(x.map(transform), train.map((r) => r.real), l2);
    return (row) => logit(predict(model, transform(inputs(row))));
  };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155211965];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q0 = Math.min(p, 1 - p);
  if (q0 < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(q0));
    const x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < 0.5 ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export const EXPLORE_CANDIDATES: readonly ExploreCandidate[] = [
  { name: `served: ${SERVED_CANDIDATE}`, family: 'served', candidate: SERVED },
  // The same candidate fitted by L-BFGS (how every other learned row here is fitted): should match the row above.
  learned('served recipe fitted by L-BFGS', 'served', servedInputs, SERVED.l2, { augment: servedAugment, unitLength: SERVED.unitLength }),
  // Frozen features of other networks, alone.
  ...[300, 1000].map((l2) => learned(`LR faceres 1024 unit l2=${l2}`, 'net', block('faceres'), l2)),
  ...[300, 1000].map((l2) => learned(`LR fr-expression 1024 unit l2=${l2}`, 'net', block('expr'), l2)),
  ...[100, 300].map((l2) => learned(`LR fr-feature template 512 unit l2=${l2}`, 'net', block('template'), l2)),
  ...[30, 100, 300].map((l2) => learned(`LR dtn inner maps 320 l2=${l2}`, 'net', block('dtn-inner'), l2)),
  ...[1, 10, 100].map((l2) => learned(`LR fr-liveness 33 logits at 11 crops l2=${l2}`, 'net', allFrLogits, l2)),
  learned('LR fr-liveness class-1 logit at 11 crops l2=10', 'net', allFrClass1, 10),
  // Image statistics.
  ...[1, 10, 100].map((l2) => learned(`LR image stats ${STAT_NAMES.length} l2=${l2}`, 'stats', block('stats'), l2)),
  learned('LR image stats + 18 crop cues l2=10', 'stats', (r) => [...ex(r).stats, ...r.cues], 10),
  // Confound check: in most training sources the replayed faces are smaller pictures than the real ones (jtboing the other way round), so anything that reads resolution can look like a cue.
  learned('CONFOUND log face side in pixels alone', 'confound', (r) => [faceSide(r)], 1),
  learned('CONFOUND served inputs + log face side l2=300', 'confound', (r) => [...servedInputs(r), faceSide(r)], 300),
  // Beside the served inputs (trained on the served three crops; the other block is the face's, at its own crop).
  ...BLOCKS.flatMap(({ key, of }) =>
    [300, 1000].map((l2) => learned(`LR served inputs + ${key} l2=${l2} trained on 1.0/1.2/1.5 crops`, 'net+served', (r) => [...servedInputs(r), ...of(r)], l2, { augment: (r) => servedAugment(r).map((v) => [...v, ...of(r)]) })),
  ),
  learned('LR served inputs + all blocks l2=3000 trained on 1.0/1.2/1.5 crops', 'net+served', (r) => [...servedInputs(r), ...BLOCKS.flatMap((b) => b.of(r))], 3000, { augment: (r) => servedAugment(r).map((v) => [...v, ...BLOCKS.flatMap((b) => b.of(r))]) }),
  // Second pass: the two blocks that did best alone (dtn inner maps on LOSO, fr-expression on dev) together, with and without the served inputs.
  ...[300, 1000].map((l2) => learned(`LR dtn-inner + expr l2=${l2}`, 'net2', (r) => [...block('dtn-inner')(r), ...block('expr')(r)], l2)),
  ...[300, 1000].map((l2) =>
    learned(`LR served inputs + dtn-inner + expr l2=${l2} trained on 1.0/1.2/1.5 crops`, 'net2', (r) => [...servedInputs(r), ...block('dtn-inner')(r), ...block('expr')(r)], l2, {
      augment: (r) => servedAugment(r).map((v) => [...v, ...block('dtn-inner')(r), ...block('expr')(r)]),
    }),
  ),
  learned('LR dtn inner maps 320 l2=10', 'net2', block('dtn-inner'), 10),
  // The same heads with the threshold read off the nine sources' own leave-one-source-out scores (explore-loso.ts).
  { ...learned('LR dtn-inner + expr l2=1000, nested threshold', 'nested', (r) => [...block('dtn-inner')(r), ...block('expr')(r)], 1000), nestedThreshold: true },
  { ...learned('LR dtn inner maps 320 l2=100, nested threshold', 'nested', block('dtn-inner'), 100), nestedThreshold: true },
  // Which part of the dtn inner maps carries it: channel means only, or only the four level-2 tree nodes (cru_3..cru_6).
  learned('LR served inputs + dtn-inner means only l2=300 trained on 1.0/1.2/1.5 crops', 'dtn-parts', (r) => [...servedInputs(r), ...dtnMeans(r)], 300, { augment: (r) => servedAugment(r).map((v) => [...v, ...dtnMeans(r)]) }),
  learned('LR served inputs + dtn tree nodes only l2=300 trained on 1.0/1.2/1.5 crops', 'dtn-parts', (r) => [...servedInputs(r), ...dtnNodes(r)], 300, { augment: (r) => servedAugment(r).map((v) => [...v, ...dtnNodes(r)]) }),
  learned('LR served inputs + dtn-inner l2=100 trained on 1.0/1.2/1.5 crops', 'dtn-parts', (r) => [...servedInputs(r), ...block('dtn-inner')(r)], 100, { augment: (r) => servedAugment(r).map((v) => [...v, ...block('dtn-inner')(r)]) }),
  ...STAT_NAMES.map((name, i) => learned(`stat:${name}`, 'stats-one', (r) => [ex(r).stats[i]], 1)),
  // Objectives on the served inputs.
  ...[300, 1000].map((l2) => learned(`LR served inputs sources balanced l2=${l2} trained on 1.0/1.2/1.5 crops`, 'objective', servedInputs, l2, { augment: servedAugment, balanceSources: true })),
  { name: 'LR served inputs, L2 by inner LOSO over 100..3000 (worst inner ACER)', family: 'objective', fit: innerL2([100, 300, 1000, 3000], { ...SERVED, augment: undefined, inputs: servedInputs }) },
  { name: 'LR served inputs, worst 2 training sources upweighted x3 rounds l2=300', family: 'objective', fit: worstSourceUpweighted(servedInputs, 300, 3) },
  { name: 'LR served inputs winsorised at 1/99% l2=300', family: 'objective', fit: perFeature(servedInputs, 300, 'clip') },
  { name: 'LR served inputs rank-Gauss per feature l2=300', family: 'objective', fit: perFeature(servedInputs, 300, 'rank') },
  { name: 'LR image stats rank-Gauss per feature l2=10', family: 'stats', fit: perFeature((r) => ex(r).stats, 10, 'rank') },
  { name: 'DIAGNOSTIC per-source centred served inputs l2=300 (not servable)', family: 'objective', transductive: perSourceCentred(servedInputs, 300) },
];
