/**
 * The head: standardised features, one hidden ReLU layer (or none: plain
 * logistic regression), one sigmoid output. Trained with Adam on the
 * class-balanced binary cross-entropy, weight decay on the weights, a fixed
 * seed for the initial weights and the minibatch order.
 */
import { createRandom } from './random.ts';

export interface HeadWeights {
  inputs: number;
  hidden: number;
  /** Standardisation, folded into w1/b1 at export. */
  mean: Float32Array;
  scale: Float32Array;
  /** hidden > 0: w1 [inputs x hidden], b1 [hidden], w2 [hidden], b2. hidden = 0: w2 [inputs], b2. */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
}

export interface TrainOptions {
  hidden: number;
  epochs: number;
  batch: number;
  learningRate: number;
  weightDecay: number;
  /** Probability of zeroing an input feature during training. */
  dropout: number;
  seed: number;
}

/** Feature mean and 1/std over the rows. */
function standardisation(x: Float32Array, rows: number, dim: number): { mean: Float32Array; scale: Float32Array } {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dim; j++) {
      const v = x[r * dim + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const m = new Float32Array(dim);
  const s = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    m[j] = mean[j] / rows;
    s[j] = 1 / Math.sqrt(Math.max(sq[j] / rows - m[j] * m[j], 1e-8));
  }
  return { mean: m, scale: s };
}

class Adam {
  readonly #m: Float32Array;
  readonly #v: Float32Array;
  #t = 0;
  constructor(size: number, readonly lr: number) {
    this.#m = new Float32Array(size);
    this.#v = new Float32Array(size);
  }
  step(w: Float32Array, g: Float32Array, decay: number): void {
    this.#t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.#t;
    const c2 = 1 - b2 ** this.#t;
    for (let i = 0; i < w.length; i++) {
      this.#m[i] = b1 * this.#m[i] + (1 - b1) * g[i];
      this.#v[i] = b2 * this.#v[i] + (1 - b2) * g[i] * g[i];
      // Decoupled weight decay (AdamW).
      w[i] -= this.lr * ((this.#m[i] / c1) / (Math.sqrt(this.#v[i] / c2) + 1e-8) + decay * w[i]);
    }
  }
}

/** Trains the head on rows `x` (rows x dim) with labels `y`. */
export function trainHead(x: Float32Array, y: Uint8Array, dim: number, options: TrainOptions): HeadWeights {
  const rows = y.length;
  const random = createRandom(options.seed);
  const { mean, scale } = standardisation(x, rows, dim);
  const H = options.hidden;
  const linear = H === 0;
  const w1 = new Float32Array(linear ? 0 : dim * H).map(() => random.normal() * Math.sqrt(2 / dim));
  const b1 = new Float32Array(H);
  const w2 = new Float32Array(linear ? dim : H).map(() => (linear ? 0 : random.normal() * Math.sqrt(1 / H)));
  const b2 = new Float32Array(1);
  const opt = [new Adam(w1.length, options.learningRate), new Adam(H, options.learningRate), new Adam(w2.length, options.learningRate), new Adam(1, options.learningRate)];
  const positives = y.reduce((a, b) => a + b, 0);
  const classWeight = [rows / (2 * (rows - positives)), rows / (2 * positives)];
  const order = Array.from({ length: rows }, (_, i) => i);
  const xi = new Float32Array(dim);
  const h = new Float32Array(H);
  const gw1 = new Float32Array(w1.length);
  const gb1 = new Float32Array(H);
  const gw2 = new Float32Array(w2.length);
  const gb2 = new Float32Array(1);
  const keep = 1 - options.dropout;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = rows - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < rows; start += options.batch) {
      const end = Math.min(rows, start + options.batch);
      gw1.fill(0);
      gb1.fill(0);
      gw2.fill(0);
      gb2.fill(0);
      for (let k = start; k < end; k++) {
        const r = order[k];
        for (let j = 0; j < dim; j++) xi[j] = random.next() < keep ? ((x[r * dim + j] - mean[j]) * scale[j]) / keep : 0;
        let z = b2[0];
        if (linear) {
          for (let j = 0; j < dim; j++) z += w2[j] * xi[j];
        } else {
          for (let u = 0; u < H; u++) h[u] = b1[u];
          for (let j = 0; j < dim; j++) {
            const v = xi[j];
            if (v === 0) continue;
            const row = j * H;
            for (let u = 0; u < H; u++) h[u] += v * w1[row + u];
          }
          for (let u = 0; u < H; u++) {
            if (h[u] < 0) h[u] = 0;
            z += w2[u] * h[u];
          }
        }
        const p = 1 / (1 + Math.exp(-z));
        const dz = (p - y[r]) * classWeight[y[r]];
        gb2[0] += dz;
        if (linear) {
          for (let j = 0; j < dim; j++) gw2[j] += dz * xi[j];
          continue;
        }
        for (let u = 0; u < H; u++) {
          gw2[u] += dz * h[u];
          const dh = h[u] > 0 ? dz * w2[u] : 0;
          gb1[u] += dh;
          h[u] = dh;
        }
        for (let j = 0; j < dim; j++) {
          const v = xi[j];
          if (v === 0) continue;
          const row = j * H;
          for (let u = 0; u < H; u++) gw1[row + u] += v * h[u];
        }
      }
      const n = end - start;
      for (const g of [gw1, gb1, gw2, gb2]) for (let i = 0; i < g.length; i++) g[i] /= n;
      opt[0].step(w1, gw1, options.weightDecay);
      opt[1].step(b1, gb1, 0);
      opt[2].step(w2, gw2, options.weightDecay);
      opt[3].step(b2, gb2, 0);
    }
  }
  return { inputs: dim, hidden: H, mean, scale, w1, b1, w2, b2: b2[0] };
}

/** P(mask) for each row, computed as the exported graph computes it. */
export function predict(head: HeadWeights, x: Float32Array): Float32Array {
  const dim = head.inputs;
  const rows = x.length / dim;
  const out = new Float32Array(rows);
  const H = head.hidden;
  const h = new Float64Array(H);
  for (let r = 0; r < rows; r++) {
    let z = head.b2;
    if (H === 0) {
      for (let j = 0; j < dim; j++) z += head.w2[j] * (x[r * dim + j] - head.mean[j]) * head.scale[j];
    } else {
      h.set(head.b1);
      for (let j = 0; j < dim; j++) {
        const v = (x[r * dim + j] - head.mean[j]) * head.scale[j];
        for (let u = 0; u < H; u++) h[u] += v * head.w1[j * H + u];
      }
      for (let u = 0; u < H; u++) z += head.w2[u] * Math.max(0, h[u]);
    }
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
