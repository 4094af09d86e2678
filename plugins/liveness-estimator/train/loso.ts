/**
 * Leave-one-source-out evaluation of liveness scorers: every
 * `subject_source` of ../shared/train/liveness is held out in turn; a
 * learned scorer is fitted on the other sources, the threshold is the one
 * that rejects 5% of the other sources' real faces, and the held-out source
 * is scored at that threshold (APCER, BPCER, ACER) and by AUC. The worst
 * source and the mean over sources are what choose a scorer (worst first).
 */
import { CUE_NAMES } from '../src/cues.ts';
import { logit } from '../src/features.ts';
import { classLogit } from '../src/spoof-score.ts';
import { FR_CROP_NAMES, type FrCrop } from './candidates.ts';
import type { Row } from './extract.ts';
import { EXTRA_CANDIDATES } from './extra-candidates.ts';
import { DTN_CANDIDATES } from './dtn-candidates.ts';
import { FRAMING_CANDIDATES } from './framing-candidates.ts';
import { fitGroupDro } from './group-dro.ts';
import { fitLogistic, predict, type Logistic } from './logistic.ts';
import { atBpcer, auc, operatingPoint } from './metrics.ts';
import { projectOut, sourceDirections } from './source-directions.ts';

export const BPCER_TARGET = 0.05;

/** A scorer: higher means more likely real. `fixed` scores need no fitting; `learned` ones are a logistic regression over `inputs`. */
export type Candidate =
  | { name: string; kind: 'fixed'; score: (row: Row) => number }
  | { name: string; kind: 'learned'; inputs: (row: Row) => number[]; l2: number; balanceSources?: boolean; unitLength?: boolean; augment?: (row: Row) => number[][]; sourceDirections?: number; groupDro?: number };

/**
 * A learned candidate's inputs for one row: with `unitLength`, the vector is
 * divided by its Euclidean length first (per picture, before the
 * standardisation), which takes out how strongly a picture excites the
 * network as a whole; on leave-one-source-out it lowers worst and mean
 * ACER a little. The served head does the same in its graph (export.ts).
 */
export function candidateInputs(candidate: Extract<Candidate, { kind: 'learned' }>, row: Row): number[] {
  return unitIf(candidate, candidate.inputs(row));
}

function unitIf(candidate: Extract<Candidate, { kind: 'learned' }>, x: number[]): number[] {
  if (!candidate.unitLength) return x;
  const length = Math.hypot(...x) || 1;
  return x.map((v) => v / length);
}

export interface SourceFigures {
  source: string;
  reals: number;
  attacks: number;
  threshold: number;
  apcer: number;
  bpcer: number;
  acer: number;
  auc: number;
}

export interface LosoResult {
  name: string;
  perSource: SourceFigures[];
  worstApcer: number;
  meanApcer: number;
  worstAcer: number;
  meanBpcer: number;
  meanAcer: number;
  worstAuc: number;
  meanAuc: number;
  /** Every row's score from the model that did not see its source (for calibration and the default threshold). */
  heldOutScores: { score: number; real: boolean; source: string }[];
}

/** A fitted scorer: row -> score. */
export type Scorer = (row: Row) => number;

export function fitCandidate(candidate: Candidate, rows: readonly Row[]): Scorer {
  if (candidate.kind === 'fixed') return candidate.score;
  const { model, inputs } = fitLearned(candidate, rows);
  // The logistic's log-odds, so fixed and learned scores are on the same kind of scale.
  return (row) => logit(predict(model, inputs(row)));
}

export interface FittedLearned {
  model: Logistic;
  /** Source directions removed from the inputs before the model (empty without `sourceDirections`). */
  directions: Float64Array[];
  /** A row's inputs as the model reads them. */
  inputs: (row: Row) => number[];
}

/** A learned candidate fitted on `rows`: with `sourceDirections`, the training sources' shift directions (source-directions.ts) are found on these rows and removed first. */
export function fitLearned(candidate: Extract<Candidate, { kind: 'learned' }>, rows: readonly Row[]): FittedLearned {
  const [x, labels, l2, groups] = trainingSet(candidate, rows);
  const k = candidate.sourceDirections ?? 0;
  const sources = augmentedSources(candidate, rows);
  const directions = k > 0 ? sourceDirections(x, labels, sources, k) : [];
  const projected = directions.length ? x.map((v) => projectOut(v, directions)) : x;
  // With `groupDro` (eta), the cells are the training sources' (source, class) pairs, reweighted toward the worst fitted (group-dro.ts).
  const model = candidate.groupDro ? fitGroupDro(projected, labels, l2, sources, candidate.groupDro) : fitLogistic(projected, labels, l2, groups);
  return { model, directions, inputs: (row) => projectOut(candidateInputs(candidate, row), directions) };
}

function augmentedSources(candidate: Extract<Candidate, { kind: 'learned' }>, rows: readonly Row[]): string[] {
  return rows.flatMap((r) => Array.from({ length: 1 + (candidate.augment?.(r).length ?? 0) }, () => r.source));
}

/**
 * The fit's rows, labels, L2 and groups. With `augment`, every row also
 * trains through the further input vectors it gives (the same face at
 * other crops), each with the row's label and source.
 */
export function trainingSet(candidate: Extract<Candidate, { kind: 'learned' }>, rows: readonly Row[]): Parameters<typeof fitLogistic> {
  const expanded = rows.flatMap((r) => [candidateInputs(candidate, r), ...(candidate.augment?.(r) ?? []).map((x) => unitIf(candidate, x))].map((x) => ({ x, r })));
  return [expanded.map((e) => e.x), expanded.map((e) => e.r.real), candidate.l2, candidate.balanceSources ? expanded.map((e) => e.r.source) : undefined];
}

export function leaveOneSourceOut(candidate: Candidate, rows: readonly Row[]): LosoResult {
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const perSource: SourceFigures[] = [];
  const heldOutScores: LosoResult['heldOutScores'] = [];
  for (const source of sources) {
    const train = rows.filter((r) => r.source !== source);
    const held = rows.filter((r) => r.source === source);
    const scorer = fitCandidate(candidate, train);
    const trainScores = train.map(scorer);
    const { threshold } = atBpcer(trainScores, train.map((r) => r.real), BPCER_TARGET);
    const scores = held.map(scorer);
    const labels = held.map((r) => r.real);
    perSource.push(sourceFigures(source, scores, labels, threshold));
    held.forEach((r, i) => heldOutScores.push({ score: scores[i], real: r.real, source }));
  }
  return losoResult(candidate.name, perSource, heldOutScores);
}

/** One held-out source's figures at the threshold carried over from the other sources. */
export function sourceFigures(source: string, scores: readonly number[], labels: readonly boolean[], threshold: number): SourceFigures {
  const point = operatingPoint(scores, labels, threshold);
  return {
    source,
    reals: labels.filter(Boolean).length,
    attacks: labels.filter((l) => !l).length,
    threshold,
    apcer: point.apcer,
    bpcer: point.bpcer,
    acer: (point.apcer + point.bpcer) / 2,
    auc: auc(scores, labels),
  };
}

/** Worst and mean over the held-out sources. */
export function losoResult(name: string, perSource: SourceFigures[], heldOutScores: LosoResult['heldOutScores']): LosoResult {
  const avg = (f: (s: SourceFigures) => number): number => perSource.reduce((a, s) => a + f(s), 0) / perSource.length;
  return {
    name,
    perSource,
    worstApcer: Math.max(...perSource.map((s) => s.apcer)),
    worstAcer: Math.max(...perSource.map((s) => s.acer)),
    meanApcer: avg((s) => s.apcer),
    meanBpcer: avg((s) => s.bpcer),
    meanAcer: avg((s) => s.acer),
    worstAuc: Math.min(...perSource.map((s) => s.auc)),
    meanAuc: avg((s) => s.auc),
    heldOutScores,
  };
}

/**
 * Worst source first, then the mean, by ACER at the carried-over threshold.
 * Not by APCER alone: a threshold that lands high on a held-out source
 * rejects its attacks and its real faces alike, and APCER alone would
 * reward that.
 */
export function rankResults(results: LosoResult[]): LosoResult[] {
  // Worst-source ACERs within a point of each other are a tie (a source has 25 to 80 faces a class).
  const worst = (r: LosoResult): number => Math.round(r.worstAcer * 100);
  return [...results].sort((a, b) => worst(a) - worst(b) || a.meanAcer - b.meanAcer || a.worstApcer - b.worstApcer);
}

const cue = (row: Row, name: (typeof CUE_NAMES)[number]): number => row.cues[CUE_NAMES.indexOf(name)];
const frReal = (row: Row, crop: FrCrop): number => classLogit(row.fr[crop], 1);
const meanLogits = (row: Row, crops: readonly FrCrop[]): number[] => [0, 1, 2].map((k) => crops.reduce((a, c) => a + row.fr[c][k], 0) / crops.length);
const SHIPPED_INPUTS = (row: Row): number[] => [cue(row, 'spec_peak'), cue(row, 'luma_p01'), cue(row, 'cb_mean'), logit(row.antispoof), logit(row.liveness)];

/** Every scorer the evaluation compares. */
export const CANDIDATES: readonly Candidate[] = [
  { name: 'shipped head', kind: 'fixed', score: (r) => logit(r.head) },
  { name: 'antispoof alone', kind: 'fixed', score: (r) => logit(r.antispoof) },
  { name: 'liveness alone', kind: 'fixed', score: (r) => logit(r.liveness) },
  ...FR_CROP_NAMES.map((crop): Candidate => ({ name: `fr ${crop} class 1`, kind: 'fixed', score: (r) => frReal(r, crop) })),
  { name: 'fr sq10+sq12', kind: 'fixed', score: (r) => classLogit(meanLogits(r, ['sq10', 'sq12']), 1) },
  { name: 'fr sq10+sq12+mirror', kind: 'fixed', score: (r) => classLogit(meanLogits(r, ['sq10', 'sq12', 'sq27m']), 1) },
  { name: 'fr sq27 class 0', kind: 'fixed', score: (r) => classLogit(r.fr.sq27, 0) },
  { name: 'fr sq27 + mirror', kind: 'fixed', score: (r) => classLogit(meanLogits(r, ['sq27', 'sq27m']), 1) },
  { name: 'fr sq20+sq27+sq40', kind: 'fixed', score: (r) => classLogit(meanLogits(r, ['sq20', 'sq27', 'sq40']), 1) },
  { name: 'fr sq27+rect27', kind: 'fixed', score: (r) => classLogit(meanLogits(r, ['sq27', 'rect27']), 1) },
  { name: 'LR fr sq27 3 logits', kind: 'learned', inputs: (r) => r.fr.sq27, l2: 1 },
  { name: 'LR fr class-1 logit at 4 scales', kind: 'learned', inputs: (r) => (['sq15', 'sq20', 'sq27', 'sq40'] as const).map((c) => frReal(r, c)), l2: 1 },
  { name: 'LR fr sq27 + shipped inputs', kind: 'learned', inputs: (r) => [frReal(r, 'sq27'), ...SHIPPED_INPUTS(r)], l2: 1 },
  { name: 'LR fr sq27 + shipped head', kind: 'learned', inputs: (r) => [frReal(r, 'sq27'), logit(r.head)], l2: 1 },
  { name: 'LR fr sq27 + liveness', kind: 'learned', inputs: (r) => [frReal(r, 'sq27'), logit(r.liveness)], l2: 1 },
  { name: 'LR fr 3 scales + shipped inputs', kind: 'learned', inputs: (r) => [...(['sq20', 'sq27', 'sq40'] as const).map((c) => frReal(r, c)), ...SHIPPED_INPUTS(r)], l2: 1 },
  ...[1, 10, 100].map((l2): Candidate => ({ name: `LR embedding l2=${l2}`, kind: 'learned', inputs: (r) => r.emb, l2 })),
  { name: 'LR embedding l2=100 sources balanced', kind: 'learned', inputs: (r) => r.emb, l2: 100, balanceSources: true },
  // Second round (issue 14): stronger L2, sources weighted equally, the embedding at unit length, fr logits beside it.
  ...[300, 1000].map((l2): Candidate => ({ name: `LR embedding l2=${l2}`, kind: 'learned', inputs: (r) => r.emb, l2 })),
  { name: 'LR embedding l2=300 sources balanced', kind: 'learned', inputs: (r) => r.emb, l2: 300, balanceSources: true },
  ...[100, 300, 1000].map((l2): Candidate => ({ name: `LR embedding unit-length l2=${l2}`, kind: 'learned', inputs: (r) => r.emb, l2, unitLength: true })),
  { name: 'LR embedding unit-length l2=300 sources balanced', kind: 'learned', inputs: (r) => r.emb, l2: 300, unitLength: true, balanceSources: true },
  { name: 'LR embedding + fr sq12 and mirror logits l2=100', kind: 'learned', inputs: (r) => [...r.emb, ...r.fr.sq12, ...r.fr.sq27m], l2: 100 },
  { name: 'LR embedding + shipped inputs l2=10', kind: 'learned', inputs: (r) => [...r.emb, ...SHIPPED_INPUTS(r)], l2: 10 },
  { name: 'LR all cues + models + fr', kind: 'learned', inputs: (r) => [...r.cues, logit(r.antispoof), logit(r.liveness), ...FR_CROP_NAMES.map((c) => frReal(r, c))], l2: 10 },
  // Third round (issue 14): rows need the extra features (extra.ts).
  ...EXTRA_CANDIDATES,
  // Fourth round (issue 14): dtn-antispoof, alone and fused; rows need its features (dtn.ts).
  ...DTN_CANDIDATES,
  // Fifth round (issue 14): crops of the located face's frame; crop scale and training objective of the served recipe.
  ...FRAMING_CANDIDATES,
];
