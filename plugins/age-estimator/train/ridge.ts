/**
 * Ridge regression on standardised inputs, optionally with row weights,
 * solved in closed form ((X'WX + lambda n I) w = X'W(y - mean y),
 * Cholesky; n the total weight), with k-fold
 * cross-validation that reuses one Gram matrix per fold (the fold's own
 * rows subtracted from the whole set's). Deterministic.
 */

export interface Ridge {
  /** Per-input mean and 1/std of the training rows; the model sees (x - mean) * scale. */
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  bias: number;
}

/** Weighted sums of the rows of `x` ([n, d], row-major) whose `use` is true: total weight, per-column sums, X'X (upper triangle), X'y. */
interface Moments {
  n: number;
  sx: Float64Array;
  sy: number;
  xx: Float64Array;
  xy: Float64Array;
}

/** X'X and the column sums depend on x and the weights alone: cached per (x, selection and weights key), so several targets share them. */
const gramCache = new WeakMap<Float64Array, Map<string, { n: number; sx: Float64Array; xx: Float64Array }>>();

function gram(x: Float64Array, d: number, key: string, use: (i: number) => boolean, weight: Float64Array): { n: number; sx: Float64Array; xx: Float64Array } {
  let byKey = gramCache.get(x);
  if (!byKey) gramCache.set(x, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const rows = x.length / d;
  const g = { n: 0, sx: new Float64Array(d), xx: new Float64Array(d * d) };
  for (let i = 0; i < rows; i++) {
    if (!use(i)) continue;
    const r = i * d;
    const w = weight[i];
    g.n += w;
    for (let a = 0; a < d; a++) {
      const v = x[r + a] * w;
      if (v === 0) continue;
      g.sx[a] += v;
      const row = a * d;
      for (let b = a; b < d; b++) g.xx[row + b] += v * x[r + b];
    }
  }
  byKey.set(key, g);
  return g;
}

function moments(x: Float64Array, y: Float64Array, d: number, key: string, use: (i: number) => boolean, weight: Float64Array): Moments {
  const g = gram(x, d, key, use, weight);
  const m: Moments = { n: g.n, sx: g.sx, sy: 0, xx: g.xx, xy: new Float64Array(d) };
  for (let i = 0; i < y.length; i++) {
    if (!use(i)) continue;
    const wy = weight[i] * y[i];
    m.sy += wy;
    for (let a = 0; a < d; a++) m.xy[a] += x[i * d + a] * wy;
  }
  return m;
}

function minus(a: Moments, b: Moments): Moments {
  return {
    n: a.n - b.n,
    sx: a.sx.map((v, i) => v - b.sx[i]),
    sy: a.sy - b.sy,
    xx: a.xx.map((v, i) => v - b.xx[i]),
    xy: a.xy.map((v, i) => v - b.xy[i]),
  };
}

/** Solves A w = b for symmetric positive definite A (d x d, upper triangle used), in place on copies. */
function choleskySolve(aIn: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = aIn[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] ** 2;
    const diag = Math.sqrt(Math.max(s, 1e-12));
    l[j * d + j] = diag;
    for (let i = j + 1; i < d; i++) {
      let t = aIn[j * d + i];
      const li = i * d;
      const lj = j * d;
      for (let k = 0; k < j; k++) t -= l[li + k] * l[lj + k];
      l[li + j] = t / diag;
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let t = b[i];
    for (let k = 0; k < i; k++) t -= l[i * d + k] * z[k];
    z[i] = t / l[i * d + i];
  }
  const w = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let t = z[i];
    for (let k = i + 1; k < d; k++) t -= l[k * d + i] * w[k];
    w[i] = t / l[i * d + i];
  }
  return w;
}

/** The ridge solution from moments: standardises with the moments' own mean and std. */
function solve(m: Moments, d: number, lambda: number): Ridge {
  const mean = m.sx.map((s) => s / m.n);
  const std = new Float64Array(d);
  for (let a = 0; a < d; a++) std[a] = Math.sqrt(Math.max(m.xx[a * d + a] / m.n - mean[a] ** 2, 0)) || 1;
  const scale = std.map((s) => 1 / s);
  const ym = m.sy / m.n;
  // Centred, scaled Gram matrix and X'y.
  const g = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const c = (m.xx[a * d + b] - m.n * mean[a] * mean[b]) * scale[a] * scale[b];
      g[a * d + b] = c;
      g[b * d + a] = c;
    }
    g[a * d + a] += lambda * m.n;
  }
  const r = new Float64Array(d);
  for (let a = 0; a < d; a++) r[a] = (m.xy[a] - mean[a] * m.sy) * scale[a];
  const weights = choleskySolve(g, r, d);
  return { mean, scale, weights, bias: ym };
}

export function predictRidge(model: Ridge, x: Float64Array, d: number, i: number): number {
  let s = model.bias;
  for (let a = 0; a < d; a++) s += (x[i * d + a] - model.mean[a]) * model.scale[a] * model.weights[a];
  return s;
}

export interface CrossValidated {
  lambda: number;
  /** Out-of-fold predictions for every row. */
  predictions: Float64Array;
}

/**
 * Out-of-fold predictions for every lambda: `folds[i]` in 0..k-1 is row i's
 * fold. `x` is [n, d] row-major.
 */
export function crossValidate(x: Float64Array, y: Float64Array, d: number, folds: Int32Array, lambdas: number[], weights?: { key: string; w: Float64Array }): CrossValidated[] {
  const k = Math.max(...folds) + 1;
  const w = weights?.w ?? new Float64Array(y.length).fill(1);
  const wk = weights?.key ?? 'unweighted';
  const all = moments(x, y, d, `all ${wk}`, () => true, w);
  const out = lambdas.map((lambda) => ({ lambda, predictions: new Float64Array(y.length) }));
  for (let f = 0; f < k; f++) {
    const train = minus(all, moments(x, y, d, `fold ${f} of ${k} ${wk}`, (i) => folds[i] === f, w));
    for (const o of out) {
      const model = solve(train, d, o.lambda);
      for (let i = 0; i < y.length; i++) if (folds[i] === f) o.predictions[i] = predictRidge(model, x, d, i);
    }
  }
  return out;
}

/** The ridge fit on all rows. */
export function fitRidge(x: Float64Array, y: Float64Array, d: number, lambda: number, weights?: { key: string; w: Float64Array }): Ridge {
  const w = weights?.w ?? new Float64Array(y.length).fill(1);
  return solve(moments(x, y, d, `all ${weights?.key ?? 'unweighted'}`, () => true, w), d, lambda);
}

/** a, b of P = sigmoid(a s + b) fitted to 0/1 labels by Newton's method on the log loss (Platt scaling). */
export function plattScale(scores: Float64Array, labels: Uint8Array): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * scores[i] + b)));
      const e = p - labels[i];
      const w = p * (1 - p) + 1e-9;
      ga += e * scores[i];
      gb += e;
      haa += w * scores[i] ** 2;
      hab += w * scores[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
