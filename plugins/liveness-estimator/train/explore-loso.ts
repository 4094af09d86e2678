/**
 * Leave-one-source-out for scorers that are not a plain loso.ts Candidate
 * (issue 14 exploration): a fit function from the training rows to a
 * scorer, so a candidate can choose its own L2 by an inner
 * leave-one-source-out over the nine training sources, reweight sources,
 * or standardise per source. The figures are loso.ts's (same threshold
 * rule, same LosoResult); loso.ts's loop takes only Candidates, hence this
 * one.
 */
import type { Row } from './extract.ts';
import { BPCER_TARGET, fitCandidate, leaveOneSourceOut, losoResult, sourceFigures, type Candidate, type LosoResult, type Scorer, type SourceFigures } from './loso.ts';
import { atBpcer, auc, operatingPoint } from './metrics.ts';

export type Fit = (train: readonly Row[]) => Scorer;

export interface ExploreCandidate {
  name: string;
  /** Which family the exploration table groups it under. */
  family: string;
  /** A loso.ts candidate, or a fit function. */
  candidate?: Candidate;
  fit?: Fit;
  /**
   * Read the threshold off the training sources' own leave-one-source-out
   * scores (each of the nine scored by a fit without it) instead of their
   * in-sample scores: wide heads score their own training rows too
   * confidently, so the in-sample threshold lands too high on a new source.
   * Nine more fits per fold.
   */
  nestedThreshold?: boolean;
  /** Set when the scorer needs unlabelled pictures of the held-out source itself (so it cannot be served per request). */
  transductive?: (train: readonly Row[], held: readonly Row[]) => Scorer;
}

export function losoExplore(c: ExploreCandidate, rows: readonly Row[]): LosoResult {
  if (c.candidate) return { ...leaveOneSourceOut(c.candidate, rows), name: c.name };
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const perSource: SourceFigures[] = [];
  const heldOutScores: LosoResult['heldOutScores'] = [];
  for (const source of sources) {
    const train = rows.filter((r) => r.source !== source);
    const held = rows.filter((r) => r.source === source);
    const scorer = c.transductive ? c.transductive(train, held) : c.fit!(train);
    const { threshold } = c.nestedThreshold ? nestedThreshold(c.fit!, train) : atBpcer(train.map(scorer), train.map((r) => r.real), BPCER_TARGET);
    const scores = held.map(scorer);
    const labels = held.map((r) => r.real);
    perSource.push(sourceFigures(source, scores, labels, threshold));
    held.forEach((r, i) => heldOutScores.push({ score: scores[i], real: r.real, source }));
  }
  return losoResult(c.name, perSource, heldOutScores);
}

/** The threshold at BPCER 5% over `train`'s sources each scored by a fit on the others. */
export function nestedThreshold(fit: Fit, train: readonly Row[]): ReturnType<typeof atBpcer> {
  const scores: number[] = [];
  const labels: boolean[] = [];
  for (const source of new Set(train.map((r) => r.source))) {
    const scorer = fit(train.filter((r) => r.source !== source));
    for (const r of train.filter((r) => r.source === source)) {
      scores.push(scorer(r));
      labels.push(r.real);
    }
  }
  return atBpcer(scores, labels, BPCER_TARGET);
}

/** The scorer fitted on every training row (for the dev figures). */
export function fitExplore(c: ExploreCandidate, train: readonly Row[], dev: readonly Row[]): Scorer {
  if (c.candidate) return fitCandidate(c.candidate, train);
  return c.transductive ? c.transductive(train, dev) : c.fit!(train);
}
