/**
 * From faceres's outputs to attributes: the age from the one-year bins by
 * upstream's rule (the two most probable bins, renormalised, their
 * probability-weighted mean) or as the expected value over all bins, and
 * the average of a face and its mirror image when flip averaging is on.
 */

/** How the age is read from the bins: upstream's top-two rule, or the expected value. */
export type AgeRule = 'top2' | 'expected';

/** Expected age in years over `bins` probabilities starting at `offset` (the first bin is `minAge`). */
export function expectedAge(probs: ArrayLike<number>, offset: number, bins: number, minAge: number): number {
  let sum = 0;
  let mass = 0;
  for (let i = 0; i < bins; i++) {
    const p = probs[offset + i];
    sum += p * i;
    mass += p;
  }
  return minAge + (mass > 0 ? sum / mass : 0);
}

/** Upstream's age: the two most probable bins, their probabilities renormalised, weighted mean (plus `minAge`). */
export function topTwoAge(probs: ArrayLike<number>, offset: number, bins: number, minAge: number): number {
  let first = 0;
  let second = -1;
  for (let i = 1; i < bins; i++) {
    const p = probs[offset + i];
    if (p > probs[offset + first]) {
      second = first;
      first = i;
    } else if (second < 0 || p > probs[offset + second]) second = i;
  }
  const p1 = probs[offset + first];
  const p2 = second < 0 ? 0 : probs[offset + second];
  return minAge + (p1 + p2 > 0 ? (first * p1 + second * p2) / (p1 + p2) : first);
}

export function ageFromBins(rule: AgeRule, probs: ArrayLike<number>, offset: number, bins: number, minAge: number): number {
  return rule === 'top2' ? topTwoAge(probs, offset, bins, minAge) : expectedAge(probs, offset, bins, minAge);
}

/**
 * `per` values for each of `faces` faces from a batch of the faces followed
 * by their mirror images: face i averaged with item faces + i.
 */
export function mergeMirrors(values: ArrayLike<number>, faces: number, per: number): Float32Array {
  const out = new Float32Array(faces * per);
  for (let i = 0; i < faces * per; i++) out[i] = (values[i] + values[faces * per + i]) / 2;
  return out;
}
