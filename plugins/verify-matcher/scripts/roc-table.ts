/**
 * Builds a verify-matcher calibration from the distances of genuine and
 * impostor pairs: the empirical FAR/FRR at every grid distance, an
 * exponential tail for the FAR where fewer than TAIL_COUNT impostor pairs
 * are left (so a threshold below every calibration impostor does not read
 * as "0 false accepts"), and a logistic P(same | distance) fitted with
 * equal weight on both kinds of pair.
 */
import type { Calibration } from '../src/roc.ts';

const TAIL_COUNT = 30;

/**
 * `duplicateShare`: the share of "impostor" pairs that show one person twice
 * (a pool of unlabelled photos of distinct identities still repeats some).
 * Those pairs are accepted about as often as genuine ones, so the empirical
 * FAR at a threshold is taken as true FAR + duplicateShare * TAR there and
 * corrected back (kept non-decreasing).
 */
export function buildCalibration(template: string, genuine: Float64Array, impostor: Float64Array, step = 0.005, max = 2, duplicateShare = 0): Omit<Calibration, 'template'> & { template: string } {
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  const rows = Math.round(max / step) + 1;
  const far: number[] = [];
  const frr: number[] = [];
  const countAtMost = (sorted: Float64Array, t: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let i = 0; i < rows; i++) {
    const t = i * step;
    far.push(countAtMost(im, t) / im.length);
    frr.push(1 - countAtMost(g, t) / g.length);
  }
  if (duplicateShare > 0) {
    let floorSoFar = 0;
    for (let i = 0; i < rows; i++) {
      const corrected = Math.max(0, (far[i] - duplicateShare * (1 - frr[i])) / (1 - duplicateShare));
      floorSoFar = Math.max(floorSoFar, corrected);
      far[i] = floorSoFar;
    }
  }
  // Exponential tail: log FAR is close to linear in distance below about 1e-2;
  // fit it on the rows that still hold enough impostors and extend it down.
  const floor = TAIL_COUNT / im.length;
  const fit = far.map((f, i) => [i * step, f] as const).filter(([, f]) => f >= floor && f <= 1e-2);
  if (fit.length >= 3) {
    const n = fit.length;
    const mx = fit.reduce((s, [x]) => s + x, 0) / n;
    const my = fit.reduce((s, [, f]) => s + Math.log(f), 0) / n;
    const slope = fit.reduce((s, [x, f]) => s + (x - mx) * (Math.log(f) - my), 0) / fit.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    for (let i = 0; i < rows && far[i] < floor; i++) far[i] = Math.min(floor, Math.exp(my + slope * (i * step - mx)));
  }
  return { template, step, far: far.map(round), frr: frr.map(round), score: fitLogistic(g, im) };
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}

/** Newton's method on the balanced logistic log-likelihood of P(same) = sigmoid(-slope * (d - midpoint)). */
function fitLogistic(genuine: Float64Array, impostor: Float64Array): { slope: number; midpoint: number } {
  // Parametrised as sigmoid(a + b d); slope = -b, midpoint = -a / b.
  let a = 0;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (const [set, y] of [[genuine, 1], [impostor, 0]] as const) {
      const w = 0.5 / set.length;
      for (const d of set) {
        const p = 1 / (1 + Math.exp(-(a + b * d)));
        const r = (y - p) * w;
        const h = p * (1 - p) * w;
        ga += r;
        gb += r * d;
        haa += h;
        hab += h * d;
        hbb += h * d * d;
      }
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { slope: Number((-b).toPrecision(6)), midpoint: Number((-a / b).toPrecision(6)) };
}
