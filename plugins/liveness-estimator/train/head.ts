/**
 * Trains the head and writes it: a report of every measured cue (AUC per
 * source), leave-one-group-out cross-validation to choose the L2 strength
 * and whether the printed-photo attacks (NUAA) help on the replay sources,
 * the final fit on every chosen row, the ONNX file checked against the
 * TypeScript model, and the manifest fragment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CUE_NAMES } from '../src/cues.ts';
import { HEAD } from '../src/models.ts';
import { CUE_CROP, MODEL_CROP } from '../src/crop.ts';
import type { Extracted, Row } from './extract.ts';
import { headToOnnx, OPSET, sha256 } from './export.ts';
import { fitLogistic, predict, type Logistic } from './logistic.ts';
import { atBpcer, auc } from './metrics.ts';

const L2 = [0.1, 1, 10, 100];
/** The one source of printed-photo attacks (NUAA). */
const PRINT_SOURCE = 'imironica/liveness';
const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

interface Config {
  l2: number;
  withPrint: boolean;
}

interface CvResult extends Config {
  /** Mean AUC over the held-out replay groups. */
  replayAuc: number;
  worstReplayAuc: number;
  perGroup: Record<string, number>;
  /** Pooled over the held-out replay groups (each scored by its own fold's model). */
  pooledApcerAtBpcer5: number;
}

/** Leaving the printed attacks out leaves their whole source out, so its real faces do not teach "this camera is real". */
function usable(row: Row, withPrint: boolean): boolean {
  return withPrint || row.source !== PRINT_SOURCE;
}

function crossValidate(rows: readonly Row[], config: Config): CvResult {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const perGroup: Record<string, number> = {};
  const pooled: { score: number; real: boolean }[] = [];
  for (const group of groups) {
    const held = rows.filter((r) => r.group === group);
    if (!held.some((r) => r.attack === 'replay')) continue;
    const train = rows.filter((r) => r.group !== group && usable(r, config.withPrint));
    const model = fitLogistic(train.map((r) => r.x), train.map((r) => r.real), config.l2);
    const scores = held.map((r) => predict(model, r.x));
    perGroup[group] = round(auc(scores, held.map((r) => r.real)));
    held.forEach((r, i) => pooled.push({ score: scores[i], real: r.real }));
  }
  const values = Object.values(perGroup);
  return {
    ...config,
    replayAuc: round(values.reduce((a, b) => a + b, 0) / values.length),
    worstReplayAuc: Math.min(...values),
    perGroup,
    pooledApcerAtBpcer5: round(atBpcer(pooled.map((p) => p.score), pooled.map((p) => p.real), 0.05).apcer),
  };
}

function cueReport(rows: readonly Row[], log: (m: string) => void): Record<string, Record<string, number>> {
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const report: Record<string, Record<string, number>> = {};
  const columns: [string, (r: Row) => number][] = [
    ...CUE_NAMES.map((name, j) => [name, (r: Row) => r.cues[j]] as [string, (r: Row) => number]),
    ['antispoof', (r) => r.antispoof],
    ['liveness', (r) => r.liveness],
  ];
  log(`AUC of each measured cue for "real" (0.5 = no signal, < 0.5 = higher on attacks), by source:`);
  log(`  ${'cue'.padEnd(12)} ${'all'.padStart(5)} ${sources.map((s) => s.split('/')[0].slice(0, 6).padStart(6)).join(' ')}`);
  for (const [name, value] of columns) {
    const all = round(auc(rows.map(value), rows.map((r) => r.real)), 2);
    const per = sources.map((s) => {
      const part = rows.filter((r) => r.source === s);
      return round(auc(part.map(value), part.map((r) => r.real)), 2);
    });
    report[name] = { all, ...Object.fromEntries(sources.map((s, i) => [s, per[i]])) };
    log(`  ${name.padEnd(12)} ${all.toFixed(2).padStart(5)} ${per.map((v) => v.toFixed(2).padStart(6)).join(' ')}`);
  }
  return report;
}

async function checkOnnx(bytes: Uint8Array, model: Logistic, rows: readonly Row[]): Promise<number> {
  const session = await ort.InferenceSession.create(bytes);
  const d = HEAD.features.length;
  const data = Float32Array.from(rows.flatMap((r) => r.x));
  const out = await session.run({ [HEAD.input]: new ort.Tensor('float32', data, [rows.length, d]) });
  const got = out[HEAD.output].data as Float32Array;
  await session.release();
  return Math.max(...rows.map((r, i) => Math.abs(got[i] - predict(model, r.x))));
}

export async function trainHead(data: Extracted, outDir: string, log: (m: string) => void): Promise<void> {
  const rows = data.rows;
  log(`head: ${rows.length} faces (${rows.filter((r) => r.real).length} real), ${data.missed.length} pictures without a face`);
  const cues = cueReport(rows, log);
  const results = L2.flatMap((l2) => [true, false].map((withPrint) => crossValidate(rows, { l2, withPrint })));
  log('leave-one-group-out on the replay groups:');
  for (const r of results) log(`  l2 ${String(r.l2).padStart(5)} print ${r.withPrint ? 'yes' : 'no '}: mean AUC ${r.replayAuc.toFixed(3)}, worst ${r.worstReplayAuc.toFixed(2)}, pooled APCER@BPCER5 ${r.pooledApcerAtBpcer5.toFixed(2)}`);
  const best = [...results].sort((a, b) => b.replayAuc - a.replayAuc)[0];
  log(`chosen: l2 ${best.l2}, printed attacks ${best.withPrint ? 'included' : 'left out'}; per group ${JSON.stringify(best.perGroup)}`);
  const chosen = rows.filter((r) => usable(r, best.withPrint));
  const model = fitLogistic(chosen.map((r) => r.x), chosen.map((r) => r.real), best.l2);
  const trainScores = chosen.map((r) => predict(model, r.x));
  const trainAuc = round(auc(trainScores, chosen.map((r) => r.real)));
  log(`weights on standardised inputs: ${HEAD.features.map((f, j) => `${f} ${model.weights[j].toFixed(2)}`).join(', ')}, bias ${model.bias.toFixed(2)}; train AUC ${trainAuc}`);

  const onnx = headToOnnx(model, { features: HEAD.features.join(','), l2: String(best.l2), trainedOn: 'shared/train/liveness' });
  const diff = await checkOnnx(onnx, model, chosen);
  log(`ONNX vs TypeScript: largest difference ${diff.toExponential(2)}`);
  if (diff > 1e-5) throw new Error(`ONNX head disagrees with the fitted model by ${diff}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${HEAD.id}.onnx`), onnx);
  const fragment = {
    id: HEAD.id,
    task: 'liveness: P(real) of a face from measured texture cues and the antispoof and liveness scores',
    source: { trainedBy: 'plugins/liveness-estimator/train/main.ts (extract, then head)', data: '../shared/train/liveness' },
    onnx: { file: `trained/${HEAD.id}.onnx`, sha256: sha256(onnx), bytes: onnx.length, opset: OPSET },
    inputs: [{ name: HEAD.input, dtype: 'float32', shape: ['batch', HEAD.features.length], features: HEAD.features }],
    outputs: [{ name: HEAD.output, dtype: 'float32', shape: ['batch', 1], description: 'P(real): sigmoid of a logistic regression on the standardised features' }],
    origin: 'trained by plugins/liveness-estimator/train (this repository)',
    licence: 'MIT (weights trained here); the training pictures state no licence and are not redistributed',
    facts: [
      { fact: `features: the cues of the inner face crop (side ${CUE_CROP} eye-to-mouth distances, 128x128) and logit(antispoof), logit(liveness "real") on the model crop (side ${MODEL_CROP})`, evidence: 'read' },
      { fact: 'the training data are frames of a few dozen people from public repositories; cues that separate one source can flip on another (see training.cueAuc)', evidence: 'measured' },
    ],
    training: {
      data: '../shared/train/liveness: NUAA printed-photo attacks and PyImageSearch-style screen replays, no eval subject (see its SOURCES.md)',
      pictures: rows.length + data.missed.length,
      picturesWithoutFace: data.missed.length,
      rowsUsed: chosen.length,
      printedAttacksUsed: best.withPrint,
      method: 'logistic regression, L2, Newton (IRLS), classes weighted equally; deterministic (no random start, no seed needed)',
      seed: null,
      l2: best.l2,
      crossValidation: {
        scheme: 'leave one group out (source repository; NUAA split by subject into 4 groups), scored on the replay groups',
        replayAucMean: best.replayAuc,
        replayAucWorst: best.worstReplayAuc,
        perGroup: best.perGroup,
        pooledApcerAtBpcer5: best.pooledApcerAtBpcer5,
        alternatives: results.map((r) => ({ l2: r.l2, printedAttacks: r.withPrint, replayAucMean: r.replayAuc, replayAucWorst: r.worstReplayAuc })),
      },
      trainAuc,
      weights: Object.fromEntries(HEAD.features.map((f, j) => [f, round(model.weights[j])])),
      bias: round(model.bias),
      cueAuc: cues,
    },
  };
  writeFileSync(join(outDir, `${HEAD.id}.json`), `${JSON.stringify(fragment, null, 2)}\n`);
  log(`wrote ${join(outDir, `${HEAD.id}.onnx`)} (${onnx.length} bytes) and ${HEAD.id}.json`);
}
