/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on
 * standardised inputs, with the two classes weighted equally whatever their
 * counts. Deterministic: no random start, so the same rows give the same
 * weights.
 */

export interface Logistic {
  /** Per-input mean and 1/std of the training rows; the model sees (x - mean) * scale. */
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  bias: number;
}

/**
 * `groups`, when given, weights every (group, class) cell equally instead of
 * every row, so a large source does not set the boundary for the others;
 * `cellScale`, when given too, multiplies each cell's weight (keyed
 * `${group}\u0000${label}`, train/group-dro.ts).
 */
export function fitLogistic(rows: readonly number[][], labels: readonly boolean[], l2: number, groups?: readonly string[], cellScale?: ReadonlyMap<string, number>): Logistic {
  const n = rows.length;
  const { mean, scale, x, d, D } = standardisedDesign(rows);
  const sampleWeight = sampleWeights(labels, groups, cellScale);
  // Parameters: d weights, then the bias (not regularised).
  const theta = new Float64Array(D);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Float64Array(D);
    const hess = new Float64Array(D * D);
    for (let i = 0; i < n; i++) {
      const o = i * D;
      let z = 0;
      for (let j = 0; j < D; j++) z += theta[j] * x[o + j];
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - (labels[i] ? 1 : 0)) * sampleWeight[i];
      const h = p * (1 - p) * sampleWeight[i];
      for (let j = 0; j < D; j++) {
        const xj = x[o + j];
        grad[j] += g * xj;
        const hx = h * xj;
        const row = j * D;
        for (let k = 0; k <= j; k++) hess[row + k] += hx * x[o + k];
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j] += l2 * theta[j];
      hess[j * D + j] += l2;
    }
    const a = Array.from({ length: D }, (_, j) => {
      const r = new Float64Array(D);
      for (let k = 0; k < D; k++) r[k] = k <= j ? hess[j * D + k] : hess[k * D + j];
      return r;
    });
    const step = solve(a, grad);
    let largest = 0;
    for (let j = 0; j < D; j++) {
      theta[j] -= step[j];
      largest = Math.max(largest, Math.abs(step[j]));
    }
    if (largest < 1e-10) break;
  }
  return { mean, scale, weights: theta.slice(0, d), bias: theta[d] };
}

/**
 * The rows standardised (mean 0, SD 1 per input, from these rows) with a
 * trailing 1 for the bias, flat (row i at i * D), so the fitting loops run
 * over typed arrays.
 */
export function standardisedDesign(rows: readonly number[][]): { mean: Float64Array; scale: Float64Array; x: Float64Array; d: number; D: number } {
  const n = rows.length;
  const d = rows[0].length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const r of rows) r.forEach((v, j) => (mean[j] += v / n));
  for (const r of rows) r.forEach((v, j) => (scale[j] += (v - mean[j]) ** 2 / n));
  for (let j = 0; j < d; j++) scale[j] = 1 / (Math.sqrt(scale[j]) || 1);
  const D = d + 1;
  const x = new Float64Array(n * D);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) x[i * D + j] = (r[j] - mean[j]) * scale[j];
    x[i * D + d] = 1;
  });
  return { mean, scale, x, d, D };
}

/** Row weights summing to the row count: the two classes weighted equally, or every (group, class) cell when `groups` is given. */
export function sampleWeights(labels: readonly boolean[], groups?: readonly string[], cellScale?: ReadonlyMap<string, number>): number[] {
  if (groups) return cellWeights(labels, groups, cellScale);
  const n = labels.length;
  const positives = labels.filter(Boolean).length;
  return labels.map((y) => (y ? 0.5 / positives : 0.5 / (n - positives)) * n);
}

/** Weights summing to the row count, equal per (group, class) cell (times `scale` of the cell, normalised to mean 1). */
function cellWeights(labels: readonly boolean[], groups: readonly string[], scale?: ReadonlyMap<string, number>): number[] {
  const counts = new Map<string, number>();
  const key = (i: number): string => cellKey(groups[i], labels[i]);
  labels.forEach((_, i) => counts.set(key(i), (counts.get(key(i)) ?? 0) + 1));
  const factor = (k: string): number => scale?.get(k) ?? 1;
  const mean = [...counts.keys()].reduce((a, k) => a + factor(k), 0) / counts.size;
  return labels.map((_, i) => ((labels.length / counts.size / counts.get(key(i))!) * factor(key(i))) / mean);
}

/** The key of a (group, class) cell. */
export function cellKey(group: string, label: boolean): string {
  return `${group}\u0000${label}`;
}

/** P(positive) for one row. */
export function predict(model: Logistic, row: readonly number[]): number {
  let z = model.bias;
  row.forEach((v, j) => (z += model.weights[j] * (v - model.mean[j]) * model.scale[j]));
  return 1 / (1 + Math.exp(-z));
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => {
    const r = new Float64Array(n + 1);
    r.set(row);
    r[n] = b[i];
    return r;
  });
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const out = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * out[k];
    out[r] = s / m[r][r];
  }
  return out;
}
