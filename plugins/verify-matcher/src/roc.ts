/**
 * The calibration of a template model: a ROC table (false acceptance and
 * false rejection rates of a threshold at each distance, on a regular
 * grid) and a logistic curve that turns a distance into a probability.
 * Both were measured on calibration pairs that are not the dev eval data;
 * calibration/README.md says which photos and how.
 */
export interface Calibration {
  /** The template key this table belongs to. */
  template: string;
  /** Grid step; row i is the threshold distance i * step. */
  step: number;
  /** far[i]: share of impostor pairs at distance <= i * step (accepted by that threshold). */
  far: readonly number[];
  /** frr[i]: share of genuine pairs at distance > i * step (rejected by that threshold). */
  frr: readonly number[];
  /** P(same) = 1 / (1 + exp(slope * (distance - midpoint))), fitted with equal priors. */
  score: { slope: number; midpoint: number };
  [provenance: string]: unknown;
}

export interface Rates {
  fa_r: number;
  fr_r: number;
  score: number;
}

/** Linear interpolation in a table row, clamped at its ends. */
function interpolate(table: readonly number[], position: number): number {
  if (position <= 0) return table[0];
  const last = table.length - 1;
  if (position >= last) return table[last];
  const i = Math.floor(position);
  const t = position - i;
  return table[i] * (1 - t) + table[i + 1] * t;
}

/** fa_r, fr_r and score of a distance, read from the calibration. */
export function ratesAt(calibration: Calibration, distance: number): Rates {
  const position = distance / calibration.step;
  const { slope, midpoint } = calibration.score;
  return {
    fa_r: interpolate(calibration.far, position),
    fr_r: interpolate(calibration.frr, position),
    score: 1 / (1 + Math.exp(slope * (distance - midpoint))),
  };
}

/** The largest distance whose fa_r is at most `far` (the threshold to set for that rate). */
export function thresholdFor(calibration: Calibration, far: number): number {
  const { far: table, step } = calibration;
  if (table[0] > far) return 0;
  let i = 0;
  while (i + 1 < table.length && table[i + 1] <= far) i++;
  if (i + 1 >= table.length) return i * step;
  const t = (far - table[i]) / (table[i + 1] - table[i] || 1);
  return (i + Math.min(1, Math.max(0, t))) * step;
}
