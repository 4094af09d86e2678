/**
 * Cross-validated gender figures on the rows of train/extract.ts
 * (../shared/train/age_gender only; every picture's whole-picture row and
 * its box-jitter row, each face averaged with its mirror image as served
 * with `flip`): faceres alone (0.6), face-api alone (0.5), a logistic
 * fusion of their logits (L2 weight by CV; not served: it weighs face-api
 * almost alone, which was trained on UTKFace), and the `age-gated` rule
 * (faceres where faceres's own age lies in the gate, face-api elsewhere)
 * for several gates, with the gate also chosen inside each training fold
 * (nested). Folds by file-name hash, a picture's rows in one fold; figures
 * per box (whole picture, jittered) and by age group in UTKFace's mix.
 *
 *   npx tsx --conditions=source plugins/gender-estimator/train/gate.ts /tmp/g/train0:2:0 /tmp/g/train1:2:1
 * (each argument: the OUT prefix of an extract.ts train run, its `every` and `shard`)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AGE_GATE } from '../src/age-gate.ts';
import { FEATURE_LAYOUT as L, FEATURE_ROW, trainOrder } from './features.ts';

interface Item {
  file: string;
  age: number;
  gender: string;
}
const GROUPS: [number, number][] = [[1, 12], [13, 25], [26, 45], [46, 65], [66, 200]];
/** UTKFace's overall age mix, as in @facelab/age-estimator's train/heads.ts. */
const NATURAL = [0.13, 0.22, 0.43, 0.16, 0.06];
const LAMBDAS = [0, 1e-3, 1e-2, 1e-1];

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const args = process.argv.slice(2);
const manifest = (JSON.parse(readFileSync(join(trainRoot, 'age_gender', 'manifest.json'), 'utf8')) as { items: Item[] }).items;
const log = (s: string): void => void process.stderr.write(`${s}\n`);

// Rows: [logit faceres, logit face-api] (mirror-averaged), faceres's age and P(male) of the face alone, the label, the picture, whole or jittered.
const x: number[][] = [];
const faceresAge: number[] = [];
const faceresPlain: number[] = [];
const rows: { item: Item; whole: boolean }[] = [];
const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};
for (const arg of args.filter((a) => !a.startsWith('--'))) {
  const [prefix, every = '1', shard = '0'] = arg.split(':');
  const bytes = readFileSync(`${prefix}.f32`);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4));
  const pictures = Math.floor(data.length / FEATURE_ROW / 2);
  const order = trainOrder(manifest.length, Number(every), Number(shard)).slice(0, pictures);
  order.forEach((index, n) => {
    for (const k of [0, 1]) {
      const at = (2 * n + k) * FEATURE_ROW;
      x.push([logit((data[at + L.faceresMale] + data[at + L.faceresMaleM]) / 2), logit((data[at + L.faceapiMale] + data[at + L.faceapiMaleM]) / 2)]);
      faceresAge.push(data[at + L.faceresAge]);
      faceresPlain.push(data[at + L.faceresMale]);
      rows.push({ item: manifest[index], whole: k === 0 });
    }
  });
}
const y = rows.map((r) => (r.item.gender === 'male' ? 1 : 0));
const folds = rows.map((r) => createHash('sha256').update(r.item.file).digest()[0] % 5);
log(`${rows.length / 2} pictures, ${rows.length} rows (whole picture and one box jitter each)`);

/** L2-regularised logistic regression on two inputs and a bias, by Newton's method. */
function fitLogistic(idx: number[], lambda: number): number[] {
  let w = [0, 0, 0];
  for (let it = 0; it < 50; it++) {
    const g = [0, 0, 0];
    const h = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (const i of idx) {
      const f = [x[i][0], x[i][1], 1];
      const p = 1 / (1 + Math.exp(-(w[0] * f[0] + w[1] * f[1] + w[2])));
      for (let a = 0; a < 3; a++) {
        g[a] += (p - y[i]) * f[a];
        for (let b = 0; b < 3; b++) h[a][b] += p * (1 - p) * f[a] * f[b] + 1e-9 * Number(a === b);
      }
    }
    for (let a = 0; a < 2; a++) (g[a] += lambda * idx.length * w[a]), (h[a][a] += lambda * idx.length);
    const step = solve3(h, g);
    w = w.map((v, a) => v - step[a]);
    if (Math.hypot(...step) < 1e-10) break;
  }
  return w;
}

function solve3(a: number[][], b: number[]): number[] {
  const m = a.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < 3; c++) {
    const p = m.slice(c).reduce((best, r, k) => (Math.abs(r[c]) > Math.abs(m[best][c]) ? c + k : best), c);
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((r, i) => r[3] / r[i]);
}

const score = (w: number[], i: number): number => 1 / (1 + Math.exp(-(w[0] * x[i][0] + w[1] * x[i][1] + w[2])));
const group = (age: number): number => GROUPS.findIndex(([lo, hi]) => age >= lo && age <= hi);
/** Accuracy of `correct` per row over whole-picture rows and jittered rows, and by age group (whole rows) in the natural mix. */
function figures(correct: boolean[]): string {
  const acc = (keep: (i: number) => boolean): number => {
    const idx = correct.flatMap((_, i) => (keep(i) ? [i] : []));
    return idx.filter((i) => correct[i]).length / idx.length;
  };
  const groups = GROUPS.map((_, g) => acc((i) => rows[i].whole && group(rows[i].item.age) === g));
  const natural = groups.reduce((s, v, g) => s + v * NATURAL[g], 0);
  return `whole ${acc((i) => rows[i].whole).toFixed(3)}, jittered ${acc((i) => !rows[i].whole).toFixed(3)}; natural mix ${natural.toFixed(3)}; by age ${groups.map((v) => v.toFixed(3)).join(' / ')}`;
}
const all = rows.map((_, i) => i);
const sig = (z: number): number => 1 / (1 + Math.exp(-z));
log(`faceres alone (0.6): ${figures(all.map((i) => sig(x[i][0]) >= 0.6 === (y[i] === 1)))}`);
log(`face-api alone (0.5): ${figures(all.map((i) => sig(x[i][1]) >= 0.5 === (y[i] === 1)))}`);

const THRESHOLDS = Array.from({ length: 41 }, (_, k) => 0.3 + k * 0.01);
/** The threshold that reads the given rows best (ties: nearest 0.5). */
const bestThreshold = (w: number[], idx: number[]): number =>
  THRESHOLDS.map((t) => ({ t, acc: idx.filter((i) => score(w, i) >= t === (y[i] === 1)).length - 1e-6 * Math.abs(t - 0.5) })).sort((a, b) => b.acc - a.acc)[0].t;
let best: { lambda: number; accuracy: number; threshold: number; summary: string } | undefined;
for (const lambda of LAMBDAS) {
  const at05: boolean[] = [];
  const atFit: boolean[] = [];
  const thresholds: number[] = [];
  for (let f = 0; f < 5; f++) {
    const train = all.filter((i) => folds[i] !== f);
    const w = fitLogistic(train, lambda);
    const t = bestThreshold(w, train);
    thresholds.push(t);
    for (const i of all.filter((j) => folds[j] === f)) (at05[i] = score(w, i) >= 0.5 === (y[i] === 1)), (atFit[i] = score(w, i) >= t === (y[i] === 1));
  }
  const accuracy = at05.filter(Boolean).length / at05.length;
  const accFit = atFit.filter(Boolean).length / atFit.length;
  log(`lambda ${lambda}: CV at 0.5: ${figures(at05)}; at each fold's training-chosen threshold (${thresholds.map((t) => t.toFixed(2)).join(', ')}): ${accFit.toFixed(3)}`);
  if (!best || accuracy > best.accuracy) best = { lambda, accuracy, threshold: 0.5, summary: figures(at05) };
}
const w = fitLogistic(all, best!.lambda);
const threshold = bestThreshold(w, all);
log(`chosen: lambda ${best!.lambda}; on all rows w = [${w.map((v) => v.toFixed(4)).join(', ')}], training-chosen threshold ${threshold.toFixed(2)}`);


// The age gate: faceres (0.6, the face alone) inside [from, to] years of faceres's own age, face-api (0.5, mirror-averaged) outside.
const gated = (from: number, to: number) => (i: number): boolean =>
  (faceresAge[i] >= from && faceresAge[i] <= to ? faceresPlain[i] >= 0.6 : sig(x[i][1]) >= 0.5) === (y[i] === 1);
for (const [from, to] of [[AGE_GATE.from, AGE_GATE.to], [13, 200], [18, 60], [30, 45]]) log(`age gate [${from}, ${to}]: ${figures(all.map(gated(from, to)))}`);
const GATES = [13, 16, 18, 20, 22, 25, 30].flatMap((from) => [40, 45, 50, 55, 60, 65, 70, 200].map((to) => [from, to]));
const nested: boolean[] = [];
const picked: string[] = [];
for (let f = 0; f < 5; f++) {
  const train = all.filter((i) => folds[i] !== f);
  const [from, to] = GATES.map((g) => ({ g, acc: train.filter(gated(g[0], g[1])).length })).sort((a, b) => b.acc - a.acc)[0].g;
  picked.push(`[${from}, ${to}]`);
  for (const i of all.filter((j) => folds[j] === f)) nested[i] = gated(from, to)(i);
}
log(`age gate chosen in each training fold (${picked.join(', ')}): ${figures(nested)}`);
