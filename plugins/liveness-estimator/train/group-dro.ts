/**
 * A training objective aimed at the worst source rather than the average
 * (after group distributionally robust optimisation, Sagawa et al. 2020,
 * in its simplest form): every (source, class) cell starts with the same
 * total weight; after each fit, each cell's weight is multiplied by
 * exp(eta x its mean log-loss / the mean over cells), and the model is
 * refitted. Cells the model fits worst (a hard source's attacks) gain
 * weight, so the boundary moves toward them. Losses are in-sample (the
 * training sources of a fold only), so nothing of a held-out source enters.
 */
import { cellKey, fitLogistic, predict, type Logistic } from './logistic.ts';

export const DRO_ROUNDS = 3;

export function fitGroupDro(x: readonly number[][], labels: readonly boolean[], l2: number, groups: readonly string[], eta: number): Logistic {
  const scale = new Map<string, number>();
  let model = fitLogistic(x, labels, l2, groups);
  for (let round = 0; round < DRO_ROUNDS; round++) {
    const sums = new Map<string, { loss: number; n: number }>();
    x.forEach((row, i) => {
      const p = Math.min(1 - 1e-7, Math.max(1e-7, predict(model, row)));
      const k = cellKey(groups[i], labels[i]);
      const s = sums.get(k) ?? { loss: 0, n: 0 };
      s.loss += -Math.log(labels[i] ? p : 1 - p);
      s.n++;
      sums.set(k, s);
    });
    const losses = new Map([...sums].map(([k, s]) => [k, s.loss / s.n]));
    const mean = [...losses.values()].reduce((a, v) => a + v, 0) / losses.size;
    for (const [k, loss] of losses) scale.set(k, (scale.get(k) ?? 1) * Math.exp((eta * loss) / mean));
    model = fitLogistic(x, labels, l2, groups, scale);
  }
  return model;
}
