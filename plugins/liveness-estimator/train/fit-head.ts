/**
 * Trains the served head and writes it with its manifest fragment:
 *
 * 1. leave-one-source-out of the served candidate (served.ts) over the
 *    training rows: every row gets a score from a model that never saw its
 *    source;
 * 2. Platt scaling fitted on those held-out scores, so the output reads as
 *    P(real) on a source the head has not seen;
 * 3. the default threshold: the calibrated P(real) that rejects 5% of the
 *    held-out real faces, pooled over all sources (train data only);
 * 4. the final logistic regression on every training row, with the Platt
 *    map folded into its weights, exported as ONNX (checked against the
 *    TypeScript model) and described in models/trained/<id>.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { EMBED_HEAD } from '../src/models.ts';
import { DTN_SCALES } from '../src/dtn-score.ts';
import { SERVED_CROP_SCALE } from '../src/spoof-crop.ts';
import type { Row } from './extract.ts';
import { headToOnnx, OPSET, sha256 } from './export.ts';
import { fitLogistic, predict, type Logistic } from './logistic.ts';
import { BPCER_TARGET, CANDIDATES, candidateInputs, fitLearned, leaveOneSourceOut, rankResults, type LosoResult } from './loso.ts';
import { atBpcer, auc } from './metrics.ts';
import { SERVED_CANDIDATE } from './served.ts';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export interface Calibration {
  /** P(real) = sigmoid(a * score + b). */
  a: number;
  b: number;
}

/** Platt scaling: a one-input logistic regression from score to label (classes weighted equally, as the sources are about balanced). */
export function plattScaling(scores: readonly number[], labels: readonly boolean[]): Calibration {
  const m = fitLogistic(scores.map((s) => [s]), labels, 1e-6);
  const a = m.weights[0] * m.scale[0];
  return { a, b: m.bias - a * m.mean[0] };
}

/** The served logistic with the calibration folded in: sigmoid(a * z + b) where z is the model's log-odds. */
function foldCalibration(model: Logistic, c: Calibration): Logistic {
  return { mean: model.mean, scale: model.scale, weights: model.weights.map((w) => c.a * w), bias: c.a * model.bias + c.b };
}

/** `everyCandidate` false: leave-one-source-out of the served candidate alone (the fragment then lists no others; `npm run eval liveness` prints them all). */
export async function fitServedHead(rows: readonly Row[], missed: number, outDir: string, log: (m: string) => void, everyCandidate = true): Promise<void> {
  const candidate = CANDIDATES.find((c) => c.name === SERVED_CANDIDATE);
  if (!candidate || candidate.kind !== 'learned') throw new Error(`served candidate "${SERVED_CANDIDATE}" is not a learned candidate of loso.ts`);
  // Source directions are estimated inside each fold from the held-out split's sources;
  // a served graph has no sources to estimate them from, so such a candidate is for study only.
  if (candidate.sourceDirections) throw new Error(`served candidate "${SERVED_CANDIDATE}" removes source directions, which only exist inside a leave-one-source-out fold; serve a candidate without them`);
  log(`leave-one-source-out of ${everyCandidate ? 'every candidate' : 'the served candidate'} over ${rows.length} faces...`);
  const results = rankResults((everyCandidate ? CANDIDATES : [candidate]).map((c) => leaveOneSourceOut(c, rows)));
  const served = results.find((r) => r.name === SERVED_CANDIDATE)!;
  const scores = served.heldOutScores.map((s) => s.score);
  const labels = served.heldOutScores.map((s) => s.real);
  const calibration = plattScaling(scores, labels);
  const calibrated = scores.map((s) => 1 / (1 + Math.exp(-(calibration.a * s + calibration.b))));
  const point = atBpcer(calibrated, labels, BPCER_TARGET);
  log(`calibration a ${calibration.a.toFixed(4)} b ${calibration.b.toFixed(4)}; default threshold ${point.threshold.toFixed(4)} (pooled held-out APCER ${point.apcer.toFixed(3)}, BPCER ${point.bpcer.toFixed(3)})`);

  const inputs = rows.map((r) => candidateInputs(candidate, r));
  const model = foldCalibration(fitLearned(candidate, rows).model, calibration);
  const unitLength = candidate.unitLength ?? false;
  const onnx = headToOnnx(model, EMBED_HEAD, { trainedBy: 'plugins/liveness-estimator/train/main.ts head', candidate: SERVED_CANDIDATE }, { unitLength });
  // The graph gets the raw embedding (it normalises itself); the TypeScript model the candidate's inputs.
  await checkOnnx(onnx, model, rows.map((r) => candidate.inputs(r)), inputs);
  const file = `trained/${EMBED_HEAD.id}.onnx`;
  writeFileSync(join(outDir, `${EMBED_HEAD.id}.onnx`), onnx);
  const fragment = {
    id: EMBED_HEAD.id,
    task: 'liveness: P(real) of a face from the fr-liveness embedding and dtn-antispoof',
    source: { trainedBy: 'plugins/liveness-estimator/train/main.ts head', data: '../shared/train/liveness' },
    onnx: { file, sha256: sha256(onnx), bytes: onnx.length, opset: OPSET },
    inputs: [{ name: EMBED_HEAD.input, dtype: 'float32', shape: ['batch', EMBED_HEAD.features.length], features: `fr-liveness-embed output 581 (128 values) on the square crop of ${SERVED_CROP_SCALE}x the longer side of the located face's frame (plugins/liveness-estimator/src/locate-face.ts)${unitLength ? '' : ', divided by its length'}, then dtn-antispoof -log(max(score, 1e-4)) at ${DTN_SCALES.join('x and ')}x the frame (plugins/liveness-estimator/src/dtn-score.ts)` }],
    outputs: [{ name: EMBED_HEAD.output, dtype: 'float32', shape: ['batch', 1], description: `P(real): Platt-calibrated logistic regression on the ${unitLength ? 'unit-length, then ' : ''}standardised inputs` }],
    origin: 'trained by plugins/liveness-estimator/train (this repository)',
    licence: 'MIT (weights trained here); the training pictures state no licence and are not redistributed',
    facts: [
      { fact: `default threshold ${round(point.threshold)}: rejects ${(100 * BPCER_TARGET).toFixed(0)}% of the real faces, each scored by the model that left its source out (train data only)`, evidence: 'measured' },
      { fact: 'calibrated by Platt scaling on the leave-one-source-out scores, folded into the weights and bias', evidence: 'measured' },
    ],
    training: {
      data: '../shared/train/liveness: NUAA printed-photo attacks and PyImageSearch-style screen replays from 9 repositories, no eval subject (see its SOURCES.md)',
      faces: rows.length,
      picturesWithoutFace: missed,
      candidate: SERVED_CANDIDATE,
      method: `${unitLength ? 'embedding divided by its length, then ' : 'the candidate\'s inputs (train/served.ts), then '}logistic regression, L2 ${candidate.l2}, Newton (IRLS), classes weighted equally${candidate.balanceSources ? ' per source' : ''}${candidate.groupDro ? `, (source, class) cells reweighted toward the worst fitted (group-dro.ts, eta ${candidate.groupDro})` : ''}${candidate.augment ? `, every face also trained through its embedding at other crops of its frame (${SERVED_CANDIDATE}; same label and DTN readings)` : ''}, deterministic (no seed)`,
      calibration: { a: round(calibration.a), b: round(calibration.b) },
      defaultThreshold: round(point.threshold),
      pooledHeldOut: { auc: round(auc(calibrated, labels)), apcerAtThreshold: round(point.apcer), bpcerAtThreshold: round(point.bpcer) },
      leaveOneSourceOut: summary(served),
      candidates: Object.fromEntries(results.map((r) => [r.name, { worstAcer: round(r.worstAcer, 3), meanAcer: round(r.meanAcer, 3), worstApcer: round(r.worstApcer, 3), meanApcer: round(r.meanApcer, 3), meanBpcer: round(r.meanBpcer, 3), worstAuc: round(r.worstAuc, 3), meanAuc: round(r.meanAuc, 3) }])),
    },
  };
  writeFileSync(join(outDir, `${EMBED_HEAD.id}.json`), `${JSON.stringify(fragment, null, 2)}\n`);
  log(`wrote models/${file} (${onnx.length} bytes) and models/trained/${EMBED_HEAD.id}.json`);
}

function summary(r: LosoResult): Record<string, unknown> {
  return {
    worstApcer: round(r.worstApcer, 3),
    meanApcer: round(r.meanApcer, 3),
    meanBpcer: round(r.meanBpcer, 3),
    worstAcer: round(r.worstAcer, 3),
    meanAcer: round(r.meanAcer, 3),
    worstAuc: round(r.worstAuc, 3),
    meanAuc: round(r.meanAuc, 3),
    perSource: Object.fromEntries(r.perSource.map((s) => [s.source, { reals: s.reals, attacks: s.attacks, apcer: round(s.apcer, 3), bpcer: round(s.bpcer, 3), acer: round(s.acer, 3), auc: round(s.auc, 3) }])),
  };
}

async function checkOnnx(onnx: Uint8Array, model: Logistic, raw: number[][], inputs: number[][]): Promise<void> {
  const session = await ort.InferenceSession.create(onnx);
  const rows = raw.slice(0, 64);
  const d = rows[0].length;
  const out = await session.run({ [EMBED_HEAD.input]: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, d]) });
  const got = out[EMBED_HEAD.output].data as Float32Array;
  rows.forEach((r, i) => {
    const want = predict(model, inputs[i]);
    if (Math.abs(got[i] - want) > 1e-4) throw new Error(`ONNX head gives ${got[i]} for row ${i}, the TypeScript model ${want}`);
  });
}
