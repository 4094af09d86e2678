/** Top-1, mean class recall and the worst class's recall of class probabilities (n x k) against labels. */
export interface Scores {
  top1: number;
  meanRecall: number;
  worstRecall: number;
  recall: number[];
}

export function score(probs: Float64Array, labels: Int32Array, k: number): Scores {
  const hits = new Array<number>(k).fill(0);
  const counts = new Array<number>(k).fill(0);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    counts[labels[i]]++;
    if (best === labels[i]) {
      hits[labels[i]]++;
      correct++;
    }
  }
  const recall = hits.map((h, c) => (counts[c] ? h / counts[c] : 0));
  const present = recall.filter((_, c) => counts[c] > 0);
  return { top1: correct / labels.length, meanRecall: present.reduce((a, b) => a + b, 0) / present.length, worstRecall: Math.min(...present), recall };
}

/**
 * Prior correction: factors w on the k probabilities (renormalised after)
 * that make each class's mean probability, averaged over the true classes,
 * equal; iterated w_c <- w_c / (k x that mean).
 */
export function fitPrior(probs: Float64Array, labels: Int32Array, k: number, iterations = 200): Float64Array {
  const w = new Float64Array(k).fill(1);
  const q = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    const sums = Array.from({ length: k }, () => new Float64Array(k));
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < labels.length; i++) {
      let t = 0;
      for (let c = 0; c < k; c++) t += q[c] = probs[i * k + c] * w[c];
      for (let c = 0; c < k; c++) sums[labels[i]][c] += q[c] / t;
      counts[labels[i]]++;
    }
    const present = counts.filter((n) => n > 0).length;
    for (let c = 0; c < k; c++) {
      let m = 0;
      for (let t = 0; t < k; t++) if (counts[t]) m += sums[t][c] / counts[t] / present;
      w[c] /= k * m;
    }
  }
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => (v / total) * k);
}
