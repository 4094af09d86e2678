/**
 * The objective of logistic.ts's fitLogistic (inputs standardised on the
 * training rows, classes or (group, class) cells weighted equally, L2 on
 * the weights, not the bias), minimised by L-BFGS instead of Newton's
 * method: each step costs rows x inputs instead of rows x inputs^2, which
 * is what makes heads on 1024-value features affordable on this machine
 * (issue 14 exploration). Returns logistic.ts's Logistic, so `predict`
 * scores it.
 */
import { sampleWeights, standardisedDesign, type Logistic } from './logistic.ts';

export function fitLogisticLbfgs(rows: readonly number[][], labels: readonly boolean[], l2: number, groups?: readonly string[], cellScale?: ReadonlyMap<string, number>, maxIter = 400): Logistic {
  const n = rows.length;
  const { mean, scale, x, d, D } = standardisedDesign(rows);
  const y = labels.map((l) => (l ? 1 : 0));
  const w = sampleWeights(labels, groups, cellScale);

  const z = new Float64Array(n);
  const value = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const o = i * D;
      let s = 0;
      for (let j = 0; j < D; j++) s += theta[j] * x[o + j];
      z[i] = s;
      // log(1 + e^s) - y s, stable for either sign of s.
      f += w[i] * ((s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - y[i] * s);
      const g = w[i] * (1 / (1 + Math.exp(-s)) - y[i]);
      for (let j = 0; j < D; j++) grad[j] += g * x[o + j];
    }
    for (let j = 0; j < d; j++) {
      f += 0.5 * l2 * theta[j] * theta[j];
      grad[j] += l2 * theta[j];
    }
    return f;
  };

  const m = 10;
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  let theta = new Float64Array(D);
  let grad = new Float64Array(D);
  let f = value(theta, grad);
  const gnorm0 = norm(grad);
  for (let iter = 0; iter < maxIter; iter++) {
    // Two-loop recursion: direction = -H grad.
    const q = Float64Array.from(grad);
    const alpha: number[] = [];
    for (let k = sList.length - 1; k >= 0; k--) {
      const a = dot(sList[k], q) / dot(yList[k], sList[k]);
      alpha[k] = a;
      axpy(-a, yList[k], q);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
      for (let j = 0; j < D; j++) q[j] *= gamma;
    } else {
      const g = norm(grad) || 1;
      for (let j = 0; j < D; j++) q[j] /= g;
    }
    for (let k = 0; k < sList.length; k++) {
      const b = dot(yList[k], q) / dot(yList[k], sList[k]);
      axpy(alpha[k] - b, sList[k], q);
    }
    // Backtracking (Armijo) line search along -q.
    const slope = -dot(grad, q);
    let step = 1;
    const next = new Float64Array(D);
    const nextGrad = new Float64Array(D);
    let fNext = Infinity;
    for (let t = 0; t < 30; t++) {
      for (let j = 0; j < D; j++) next[j] = theta[j] - step * q[j];
      fNext = value(next, nextGrad);
      if (fNext <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = new Float64Array(D);
    const yy = new Float64Array(D);
    for (let j = 0; j < D; j++) {
      s[j] = next[j] - theta[j];
      yy[j] = nextGrad[j] - grad[j];
    }
    if (dot(s, yy) > 1e-12) {
      sList.push(s);
      yList.push(yy);
      if (sList.length > m) {
        sList.shift();
        yList.shift();
      }
    }
    const done = Math.abs(f - fNext) <= 1e-10 * Math.max(1, Math.abs(f)) || norm(nextGrad) <= 1e-6 * gnorm0;
    theta = next;
    grad = nextGrad;
    f = fNext;
    if (done) break;
  }
  return { mean, scale, weights: theta.slice(0, d), bias: theta[d] };
}

/** fitLogistic's weights: classes equal (summing to n), or every (group, class) cell equal. */
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += a * x[j];
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}
