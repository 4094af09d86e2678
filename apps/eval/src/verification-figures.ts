/**
 * Verification figures from pair distances (smaller = more alike): TAR at a
 * FAR, the equal error rate, the best accuracy over thresholds, and the
 * genuine/impostor distances of every pair of a set of embeddings.
 */

/** TAR at the largest threshold that accepts at most `far` of the impostors (accept when d < threshold). */
export function tarAtFar(genuine: ArrayLike<number>, impostor: ArrayLike<number>, far: number): { tar: number; threshold: number } {
  const imp = Float64Array.from(impostor).sort();
  const allowed = Math.floor(far * imp.length);
  // Accept d < imp[allowed]: at most `allowed` impostors pass.
  const threshold = allowed < imp.length ? imp[allowed] : Infinity;
  let accepted = 0;
  for (let i = 0; i < genuine.length; i++) if (genuine[i] < threshold) accepted++;
  return { tar: accepted / genuine.length, threshold };
}

/** Best accuracy over all thresholds, and that threshold. */
export function bestAccuracy(genuine: number[], impostor: number[]): { accuracy: number; threshold: number } {
  const all = [...genuine.map((d) => [d, 1] as const), ...impostor.map((d) => [d, 0] as const)].sort((x, y) => x[0] - y[0]);
  let correct = impostor.length; // threshold below everything: all rejected
  let best = { accuracy: correct / all.length, threshold: 0 };
  for (let i = 0; i < all.length; i++) {
    correct += all[i][1] === 1 ? 1 : -1;
    if (i + 1 < all.length && all[i + 1][0] === all[i][0]) continue;
    const threshold = i + 1 < all.length ? (all[i][0] + all[i + 1][0]) / 2 : all[i][0] + 1e-9;
    if (correct / all.length > best.accuracy) best = { accuracy: correct / all.length, threshold };
  }
  return best;
}

/** Equal error rate: where the share of rejected genuines meets the share of accepted impostors (mean of the two at the crossing). */
export function eer(genuine: ArrayLike<number>, impostor: ArrayLike<number>): number {
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  let i = 0;
  let j = 0;
  // Walk the thresholds upwards: FRR falls, FAR rises.
  let best = 1;
  while (i <= g.length && j <= im.length) {
    const frr = 1 - i / g.length;
    const far = j / im.length;
    best = Math.min(best, Math.max(frr, far));
    if (far >= frr) break;
    const next = Math.min(i < g.length ? g[i] : Infinity, j < im.length ? im[j] : Infinity);
    if (next === Infinity) break;
    while (i < g.length && g[i] === next) i++;
    while (j < im.length && im[j] === next) j++;
  }
  return best;
}

export interface Embedded {
  key: string;
  /** Who it shows; null when unknown (only in impostor pools of distinct people). */
  identity: string | null;
  embedding: Float32Array;
}

/**
 * Distances of every pair: genuine when both name one identity, impostor
 * when they differ. With `unlabelledImpostorsOnly`, impostors are only the
 * pairs of two unlabelled photos (a pool of distinct people) and labelled
 * photos only make genuine pairs. `skipImpostor(a, b)` (keys) leaves out
 * impostor pairs known to show one person (a cleaned pool's duplicates).
 * Embeddings are unit vectors.
 */
export function allPairs(items: readonly Embedded[], unlabelledImpostorsOnly = false, skipImpostor?: (a: string, b: string) => boolean): { genuine: Float64Array; impostor: Float64Array } {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const a = items[i];
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j];
      const same = a.identity !== null && a.identity === b.identity;
      const different = unlabelledImpostorsOnly ? a.identity === null && b.identity === null : a.identity !== b.identity || a.identity === null;
      if (!same && !different) continue;
      if (!same && skipImpostor?.(a.key, b.key)) continue;
      let dot = 0;
      for (let k = 0; k < a.embedding.length; k++) dot += a.embedding[k] * b.embedding[k];
      const d = Math.sqrt(Math.max(0, 2 - 2 * dot));
      (same ? genuine : impostor).push(d);
    }
  }
  return { genuine: Float64Array.from(genuine), impostor: Float64Array.from(impostor) };
}
