/**
 * Chooses and trains the emotion head on the cached training rows
 * (extract.ts), by 5-fold cross-validation (fold = position mod 5 in the
 * fixed shuffled order, so every fold holds every class):
 *
 * - `logits`: the network's own logits, softmax, with the prior correction
 *   (metrics.ts fitPrior) fitted on the other four folds;
 * - `head`: softmax regression on the 1024 pooled features, trained on the
 *   plain and mirrored crops of the other folds, classes weighted equally.
 *
 * Each plain and with flip averaging (the mean of the plain and mirrored
 * crops' probabilities). Then the head on every row, exported as ONNX
 * (checked against the TypeScript model) with its manifest fragment.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { EMOTION_HEAD_MODEL } from '../src/models.ts';
import { CLASSES, FEATURES, ROW, VIEW, type Extracted } from './extract.ts';
import { headToOnnx, OPSET, sha256 } from './export.ts';
import { blendLogLinear } from '../src/postprocess.ts';
import { fitPrior, score, type Scores } from './metrics.ts';
import { fitSoftmax, predictSoftmax, type SoftmaxModel } from './softmax-regression.ts';

export const FOLDS = 5;
/**
 * The L2 penalty of the served head (on standardised features, loss averaged
 * over rows): 0.3 beat 0.1 and 1 in 5-fold CV on the first 1,892 faces
 * (top-1 with flip 77.5 % against 77.1 and 76.5 %; 0.01 scored 71.0 % on
 * the first 915, where 0.1 scored 74.0 %).
 */
export const HEAD_L2 = Number(process.env.FACELAB_EMOTION_L2 ?? 0.3);

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** The pooled features (view 0 plain, 1 mirrored) of the given faces, one row each. */
function features(data: Extracted, faces: number[], view: 0 | 1): Float32Array {
  const out = new Float32Array(faces.length * FEATURES);
  faces.forEach((f, i) => out.set(data.rows.subarray(f * ROW + view * VIEW + CLASSES, f * ROW + view * VIEW + CLASSES + FEATURES), i * FEATURES));
  return out;
}

function logitProbs(data: Extracted, faces: number[], view: 0 | 1): Float64Array {
  const out = new Float64Array(faces.length * CLASSES);
  faces.forEach((f, i) => {
    const z = data.rows.subarray(f * ROW + view * VIEW, f * ROW + view * VIEW + CLASSES);
    const max = Math.max(...z);
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) sum += out[i * CLASSES + c] = Math.exp(z[c] - max);
    for (let c = 0; c < CLASSES; c++) out[i * CLASSES + c] /= sum;
  });
  return out;
}

/** The mini-Xception's probabilities (view 0 plain, 1 mirrored). */
function xceptionProbs(data: Extracted, faces: number[], view: 0 | 1): Float64Array {
  const out = new Float64Array(faces.length * CLASSES);
  const at = view * VIEW + CLASSES + FEATURES;
  faces.forEach((f, i) => out.set(data.rows.subarray(f * ROW + at, f * ROW + at + CLASSES), i * CLASSES));
  return out;
}

/** Weighted geometric mean of two rows of probabilities, renormalised (as the unit's blendLogLinear). */
function blend(a: Float64Array, b: Float64Array, weight: number): Float64Array {
  return Float64Array.from(blendLogLinear(Float32Array.from(a), Float32Array.from(b), weight, CLASSES));
}

/** The blend weights tried for the mini-Xception (trained on these very faces: its share is flattered here). */
export const BLEND_WEIGHTS = [0.1, 0.2, 0.3];

const mean2 = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => (v + b[i]) / 2);

/** Rows weighted so that every class weighs the same in total (mean weight 1). */
function balanced(labels: Int32Array): Float64Array {
  const counts = new Array<number>(CLASSES).fill(0);
  labels.forEach((l) => counts[l]++);
  const present = counts.filter((n) => n > 0).length;
  return Float64Array.from(labels, (l) => labels.length / present / counts[l]);
}

export function trainHead(data: Extracted, labels: Int32Array, faces: number[]): SoftmaxModel {
  const y = Int32Array.from([...faces, ...faces], (f) => labels[f]);
  const x = new Float32Array(2 * faces.length * FEATURES);
  x.set(features(data, faces, 0));
  x.set(features(data, faces, 1), faces.length * FEATURES);
  return fitSoftmax(x, FEATURES, y, CLASSES, { l2: HEAD_L2, rowWeights: balanced(y), iterations: 300 });
}

function headProbs(model: SoftmaxModel, x: Float32Array, n: number): Float64Array {
  const out = new Float64Array(n * CLASSES);
  const p = new Float64Array(CLASSES);
  for (let i = 0; i < n; i++) out.set(predictSoftmax(model, x.subarray(i * FEATURES, (i + 1) * FEATURES), p), i * CLASSES);
  return out;
}

export function crossValidate(data: Extracted, labels: Int32Array, log: (m: string) => void): Record<string, Scores> {
  const n = data.count;
  const held: Record<string, Float64Array> = {};
  const put = (name: string, faces: number[], probs: Float64Array): void => {
    held[name] ??= new Float64Array(n * CLASSES);
    faces.forEach((f, i) => held[name].set(probs.subarray(i * CLASSES, (i + 1) * CLASSES), f * CLASSES));
  };
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = [...Array(n).keys()].filter((i) => i % FOLDS !== fold);
    const test = [...Array(n).keys()].filter((i) => i % FOLDS === fold);
    const trainLabels = Int32Array.from(train, (f) => labels[f]);
    const plain = logitProbs(data, test, 0);
    const flipped = mean2(plain, logitProbs(data, test, 1));
    put('logits', test, plain);
    put('logits + flip', test, flipped);
    for (const [name, probs, fit] of [['logits + prior', plain, logitProbs(data, train, 0)], ['logits + flip + prior', flipped, mean2(logitProbs(data, train, 0), logitProbs(data, train, 1))]] as const) {
      const w = fitPrior(fit, trainLabels, CLASSES);
      put(name, test, probs.map((p, i) => p * w[i % CLASSES]));
    }
    const began = performance.now();
    const head = trainHead(data, labels, train);
    const p0 = headProbs(head, features(data, test, 0), test.length);
    put('head', test, p0);
    const headFlip = mean2(p0, headProbs(head, features(data, test, 1), test.length));
    put('head + flip', test, headFlip);
    const xception = mean2(xceptionProbs(data, test, 0), xceptionProbs(data, test, 1));
    put('mini-Xception + flip', test, xception);
    for (const w of BLEND_WEIGHTS) put(`head + flip + mini-Xception ${w}`, test, blend(headFlip, xception, w));
    log(`fold ${fold + 1}/${FOLDS}: head fitted in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
  const out: Record<string, Scores> = {};
  for (const [name, probs] of Object.entries(held)) {
    out[name] = score(probs, labels.subarray(0, n), CLASSES);
    log(`${name.padEnd(24)} top-1 ${(out[name].top1 * 100).toFixed(1)} %, mean class recall ${(out[name].meanRecall * 100).toFixed(1)} %, worst class ${(out[name].worstRecall * 100).toFixed(1)} %`);
  }
  return out;
}

/** Trains the head on every row and writes models/trained/<id>.onnx and .json. */
export async function writeHead(data: Extracted, labels: Int32Array, cv: Record<string, Scores>, outDir: string, log: (m: string) => void): Promise<void> {
  const faces = [...Array(data.count).keys()];
  const model = trainHead(data, labels, faces);
  const head = EMOTION_HEAD_MODEL.head!;
  const onnx = headToOnnx(model, head, { l2: String(HEAD_L2), faces: String(data.count) });
  // The exported graph must give the TypeScript model's probabilities.
  const session = await ort.InferenceSession.create(onnx);
  const probe = features(data, faces.slice(0, 50), 0);
  const out = (await session.run({ [head.input]: new ort.Tensor('float32', probe, [50, FEATURES]) }))[head.output].data as Float32Array;
  const expected = headProbs(model, probe, 50);
  const worst = Math.max(...expected.map((v, i) => Math.abs(v - out[i])));
  if (worst > 1e-4) throw new Error(`ONNX head differs from the TypeScript model by ${worst}`);
  writeFileSync(join(outDir, `${head.id}.onnx`), onnx);
  const counts = new Array<number>(CLASSES).fill(0);
  labels.subarray(0, data.count).forEach((l) => counts[l]++);
  const figures = (s: Scores): Record<string, unknown> => ({ top1: round(s.top1), meanRecall: round(s.meanRecall), worstRecall: round(s.worstRecall), recall: s.recall.map((r) => round(r, 3)) });
  const fragment = {
    id: head.id,
    task: 'emotion: probabilities of the seven FER-2013 classes from the fr-expression pooled features',
    source: { trainedBy: 'plugins/emotion-estimator/train/main.ts head', data: '../shared/train/emotion' },
    onnx: { file: `trained/${head.id}.onnx`, sha256: sha256(onnx), bytes: onnx.length, opset: OPSET },
    inputs: [{ name: head.input, dtype: 'float32', shape: ['batch', FEATURES], features: `fr-expression-embed output ${EMOTION_HEAD_MODEL.features} (${FEATURES} values) on the FER-2013 framing of the located face, 224x224 RGB / 255` }],
    outputs: [{ name: head.output, dtype: 'float32', shape: ['batch', CLASSES], description: 'softmax over angry, disgust, fear, happy, sad, surprise, neutral (FER-2013 order)', labels: EMOTION_HEAD_MODEL.labels }],
    origin: 'trained by plugins/emotion-estimator/train (this repository)',
    licence: 'MIT (weights trained here); FER-2013 states no licence and its pictures are not redistributed',
    facts: [
      { fact: `softmax regression on the standardised features, L2 ${HEAD_L2}, classes weighted equally, plain and mirrored crops of every face as rows, L-BFGS from zero (deterministic)`, evidence: 'measured' },
      { fact: `5-fold cross-validation on the training faces: top-1 ${(cv['head + flip'].top1 * 100).toFixed(1)} % with flip averaging against ${(cv['logits + flip + prior'].top1 * 100).toFixed(1)} % for the network's own logits with a fitted prior correction`, evidence: 'measured' },
    ],
    training: {
      data: '../shared/train/emotion: FER-2013 Training faces (48x48 grey), the whole picture as the crop, plain and mirrored',
      faces: data.count,
      perClass: Object.fromEntries(EMOTION_HEAD_MODEL.labels.map((l, c) => [l, counts[c]])),
      crossValidation: Object.fromEntries(Object.entries(cv).map(([k, s]) => [k, figures(s)])),
    },
  };
  writeFileSync(join(outDir, `${head.id}.json`), `${JSON.stringify(fragment, null, 2)}\n`);
  log(`wrote models/trained/${head.id}.onnx (${onnx.length} bytes) and .json`);
}
