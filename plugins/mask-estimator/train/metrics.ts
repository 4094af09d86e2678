/** Binary figures for the masked class: accuracy, precision, recall, and ROC AUC. */
export interface Figures {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  auc: number;
}

export function figures(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>, threshold = 0.5): Figures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const predicted = scores[i] >= threshold;
    const actual = Boolean(labels[i]);
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
  }
  return { n, accuracy: (tp + tn) / n, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), auc: auc(scores, labels) };
}

/** Area under the ROC curve (Mann-Whitney, ties counted half). */
function auc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]]) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  return positives && negatives ? (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives) : Number.NaN;
}

export function formatFigures(f: Figures): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return `n=${f.n} acc ${pct(f.accuracy)} P ${pct(f.precision)} R ${pct(f.recall)} AUC ${f.auc.toFixed(4)}`;
}
