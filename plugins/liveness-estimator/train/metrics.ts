/**
 * Presentation-attack metrics (ISO/IEC 30107-3 names) on P(real) scores: a
 * face is accepted as real when its score reaches the threshold. APCER is
 * the share of attacks accepted, BPCER the share of real faces rejected.
 */

/** Probability that a random real face scores above a random attack (ties count half). */
export function auc(scores: readonly number[], real: readonly boolean[]): number {
  const pos = scores.filter((_, i) => real[i]);
  const neg = scores.filter((_, i) => !real[i]);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

export interface OperatingPoint {
  threshold: number;
  apcer: number;
  bpcer: number;
}

/** The operating point at `threshold`. */
export function operatingPoint(scores: readonly number[], real: readonly boolean[], threshold: number): OperatingPoint {
  let attacks = 0;
  let accepted = 0;
  let reals = 0;
  let rejected = 0;
  scores.forEach((s, i) => {
    if (real[i]) {
      reals++;
      if (s < threshold) rejected++;
    } else {
      attacks++;
      if (s >= threshold) accepted++;
    }
  });
  return { threshold, apcer: accepted / attacks, bpcer: rejected / reals };
}

/** The highest threshold that rejects at most `bpcer` of the real faces, and its APCER. */
export function atBpcer(scores: readonly number[], real: readonly boolean[], bpcer: number): OperatingPoint {
  const reals = scores.filter((_, i) => real[i]).sort((a, b) => a - b);
  const threshold = reals[Math.floor(bpcer * reals.length)];
  return operatingPoint(scores, real, threshold);
}
