/**
 * Multinomial logistic regression (softmax over K classes) with an L2
 * penalty on the weights, fitted by L-BFGS on standardised inputs. Rows can
 * carry weights (class balancing). Deterministic: zero start, fixed
 * iteration budget, so the same rows give the same head.
 */

export interface SoftmaxModel {
  /** Per-input mean and 1/std of the training rows; the model sees (x - mean) * scale. */
  mean: Float64Array;
  scale: Float64Array;
  /** d x k, row-major (input j, class c at j * k + c). */
  weights: Float64Array;
  bias: Float64Array;
  classes: number;
}

export interface FitOptions {
  l2: number;
  /** Row weights (mean 1 is the convention); all 1 when absent. */
  rowWeights?: Float64Array;
  iterations?: number;
}

/** `rows` is n x d row-major, `labels` class indices 0..k-1. */
export function fitSoftmax(rows: Float32Array, d: number, labels: Int32Array, k: number, options: FitOptions): SoftmaxModel {
  const n = labels.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (rows[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = 1 / (Math.sqrt(scale[j]) || 1);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = (rows[i * d + j] - mean[j]) * scale[j];
  const w = options.rowWeights ?? new Float64Array(n).fill(1);
  const params = d * k + k;
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const z = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const off = i * d;
      for (let c = 0; c < k; c++) z[c] = theta[d * k + c];
      for (let j = 0; j < d; j++) {
        const v = x[off + j];
        if (v === 0) continue;
        const base = j * k;
        for (let c = 0; c < k; c++) z[c] += v * theta[base + c];
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c] - max);
      const y = labels[i];
      loss += (w[i] * (Math.log(sum) - Math.log(z[y]))) / n;
      for (let c = 0; c < k; c++) z[c] = (w[i] * (z[c] / sum - (c === y ? 1 : 0))) / n;
      for (let j = 0; j < d; j++) {
        const v = x[off + j];
        if (v === 0) continue;
        const base = j * k;
        for (let c = 0; c < k; c++) grad[base + c] += v * z[c];
      }
      for (let c = 0; c < k; c++) grad[d * k + c] += z[c];
    }
    for (let p = 0; p < d * k; p++) {
      loss += 0.5 * options.l2 * theta[p] ** 2;
      grad[p] += options.l2 * theta[p];
    }
    return loss;
  };
  const theta = lbfgs(objective, new Float64Array(params), options.iterations ?? 200);
  return { mean, scale, weights: theta.slice(0, d * k), bias: theta.slice(d * k), classes: k };
}

/** Class probabilities of one row (length d) into `out` (length k). */
export function predictSoftmax(model: SoftmaxModel, row: ArrayLike<number>, out: Float64Array): Float64Array {
  const k = model.classes;
  const d = model.mean.length;
  for (let c = 0; c < k; c++) out[c] = model.bias[c];
  for (let j = 0; j < d; j++) {
    const v = (row[j] - model.mean[j]) * model.scale[j];
    for (let c = 0; c < k; c++) out[c] += v * model.weights[j * k + c];
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c]);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c] - max);
  for (let c = 0; c < k; c++) out[c] /= sum;
  return out;
}

/** Limited-memory BFGS (10 pairs) with a backtracking Armijo line search. */
function lbfgs(f: (theta: Float64Array, grad: Float64Array) => number, theta: Float64Array, iterations: number): Float64Array {
  const m = 10;
  const size = theta.length;
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  let grad = new Float64Array(size);
  let value = f(theta, grad);
  const dot = (a: Float64Array, b: Float64Array): number => {
    let t = 0;
    for (let i = 0; i < size; i++) t += a[i] * b[i];
    return t;
  };
  for (let iter = 0; iter < iterations; iter++) {
    // Two-loop recursion: direction = -H grad.
    const q = Float64Array.from(grad);
    const alpha: number[] = [];
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(s[i], q);
      for (let p = 0; p < size; p++) q[p] -= alpha[i] * y[i][p];
    }
    const gamma = s.length ? dot(s[s.length - 1], y[y.length - 1]) / dot(y[y.length - 1], y[y.length - 1]) : 1 / Math.sqrt(dot(grad, grad) || 1);
    for (let p = 0; p < size; p++) q[p] *= gamma;
    for (let i = 0; i < s.length; i++) {
      const beta = rho[i] * dot(y[i], q);
      for (let p = 0; p < size; p++) q[p] += s[i][p] * (alpha[i] - beta);
    }
    const slope = -dot(grad, q);
    if (!(slope < 0)) break;
    let step = 1;
    const next = new Float64Array(size);
    const nextGrad = new Float64Array(size);
    let nextValue = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let p = 0; p < size; p++) next[p] = theta[p] - step * q[p];
      nextValue = f(next, nextGrad);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value)) break;
    const sNew = new Float64Array(size);
    const yNew = new Float64Array(size);
    for (let p = 0; p < size; p++) {
      sNew[p] = next[p] - theta[p];
      yNew[p] = nextGrad[p] - grad[p];
    }
    const sy = dot(sNew, yNew);
    if (sy > 1e-12) {
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
      if (s.length > m) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    const improvement = value - nextValue;
    theta.set(next);
    grad = Float64Array.from(nextGrad);
    value = nextValue;
    if (improvement < 1e-9 * Math.max(1, Math.abs(value))) break;
  }
  return theta;
}
