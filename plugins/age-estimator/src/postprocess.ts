/**
 * From faceres's outputs to attributes: the age as the expected value of
 * the one-year bins, P(male), and the average of a face and its mirror
 * image when flip averaging is on.
 */

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

/**
 * One value per face: with `mirrored` the values are n faces followed by
 * their n mirror images, averaged pairwise; otherwise they pass through.
 */
export function perFace(values: number[], mirrored: boolean): number[] {
  if (!mirrored) return values;
  const n = values.length / 2;
  return values.slice(0, n).map((v, i) => (v + values[n + i]) / 2);
}
