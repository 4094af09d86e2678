/**
 * Trains the head and writes it: a report of every candidate input (AUC per
 * training source), the choice of inputs (a candidate enters when its
 * direction, higher on real faces or higher on attacks, holds in at least
 * MIN_AGREEING of the training sources and in both dev sources as
 * train/dev-cues.json measured them), leave-one-group-out cross-validation
 * to choose the L2 strength and whether the printed-photo attacks (NUAA)
 * help on the replay sources, the final fit, the ONNX file checked against
 * the TypeScript model, and the manifest fragment.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CANDIDATE_FEATURES, headRow, type FeatureName } from '../src/features.ts';
import { HEAD } from '../src/models.ts';
import { CUE_CROP, MODEL_CROP } from '../src/crop.ts';
import type { Extracted, Row } from './extract.ts';
import { headToOnnx, OPSET, sha256 } from './export.ts';
import { fitLogistic, predict, type Logistic } from './logistic.ts';
import { atBpcer, auc } from './metrics.ts';

const L2 = [0.1, 1, 10, 100];
/** Training sources (of 10) that must agree on a candidate's direction. */
const MIN_AGREEING = 7;
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

type XRow = Row & { x: number[] };

/** Leaving the printed attacks out leaves their whole source out, so its real faces do not teach "this camera is real". */
function usable(row: XRow, withPrint: boolean): boolean {
  return withPrint || row.source !== PRINT_SOURCE;
}

function crossValidate(rows: readonly XRow[], config: Config): CvResult {
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

/** AUC for "real" of every candidate, overall and per training source. */
function candidateReport(rows: readonly Row[], log: (m: string) => void): Record<string, Record<string, number>> {
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const values = rows.map((r) => headRow(CANDIDATE_FEATURES, r.cues, r.antispoof, r.liveness));
  const report: Record<string, Record<string, number>> = {};
  log('AUC of each candidate for "real" (0.5 = no signal, < 0.5 = higher on attacks), by training source:');
  log(`  ${'candidate'.padEnd(16)} ${'all'.padStart(5)} ${sources.map((s) => s.split('/')[0].slice(0, 6).padStart(6)).join(' ')}`);
  CANDIDATE_FEATURES.forEach((name, j) => {
    const areaFor = (keep: (r: Row) => boolean): number => {
      const idx = rows.map((r, i) => (keep(r) ? i : -1)).filter((i) => i >= 0);
      return round(auc(idx.map((i) => values[i][j]), idx.map((i) => rows[i].real)), 3);
    };
    const per = sources.map((s) => areaFor((r) => r.source === s));
    report[name] = { all: areaFor(() => true), ...Object.fromEntries(sources.map((s, i) => [s, per[i]])) };
    log(`  ${name.padEnd(16)} ${report[name].all.toFixed(2).padStart(5)} ${per.map((v) => v.toFixed(2).padStart(6)).join(' ')}`);
  });
  return report;
}

interface DevCues {
  aucForReal: Record<string, Record<string, number>>;
}

/** The candidates whose direction agrees across training sources and both dev sources. */
function chooseInputs(train: Record<string, Record<string, number>>, dev: DevCues, log: (m: string) => void): FeatureName[] {
  const chosen: FeatureName[] = [];
  for (const name of CANDIDATE_FEATURES) {
    const { all: _all, ...per } = train[name];
    const signs = Object.values(per).map((a) => Math.sign(a - 0.5));
    const up = signs.filter((s) => s > 0).length;
    const down = signs.filter((s) => s < 0).length;
    const direction = up >= down ? 1 : -1;
    const agreeing = Math.max(up, down);
    const devAgrees = Object.values(dev.aucForReal).every((table) => Math.sign(table[name] - 0.5) === direction);
    const keep = agreeing >= MIN_AGREEING && devAgrees;
    log(`  ${name.padEnd(16)} ${direction > 0 ? 'higher on real   ' : 'higher on attacks'} in ${agreeing}/${signs.length} training sources, dev ${devAgrees ? 'agrees' : 'disagrees'}${keep ? '  -> input' : ''}`);
    if (keep) chosen.push(name);
  }
  return chosen;
}

async function checkOnnx(bytes: Uint8Array, model: Logistic, rows: readonly XRow[]): Promise<number> {
  const session = await ort.InferenceSession.create(bytes);
  const d = HEAD.features.length;
  const data = Float32Array.from(rows.flatMap((r) => r.x));
  const out = await session.run({ [HEAD.input]: new ort.Tensor('float32', data, [rows.length, d]) });
  const got = out[HEAD.output].data as Float32Array;
  await session.release();
  return Math.max(...rows.map((r, i) => Math.abs(got[i] - predict(model, r.x))));
}

export async function trainHead(data: Extracted, devCuesPath: string, outDir: string, log: (m: string) => void): Promise<void> {
  log(`head: ${data.rows.length} faces (${data.rows.filter((r) => r.real).length} real), ${data.missed.length} pictures without a face`);
  const report = candidateReport(data.rows, log);
  const dev = JSON.parse(readFileSync(devCuesPath, 'utf8')) as DevCues;
  log('inputs:');
  const inputs = chooseInputs(report, dev, log);
  if (inputs.join() !== HEAD.features.join()) {
    throw new Error(`the rule chooses [${inputs.join(', ')}] but src/models.ts HEAD_FEATURES lists [${HEAD.features.join(', ')}]; update HEAD_FEATURES`);
  }
  const rows: XRow[] = data.rows.map((r) => ({ ...r, x: headRow(HEAD.features, r.cues, r.antispoof, r.liveness) }));
  const everything = crossValidate(
    data.rows.map((r) => ({ ...r, x: headRow(CANDIDATE_FEATURES, r.cues, r.antispoof, r.liveness) })),
    { l2: 1, withPrint: true },
  );
  log(`for comparison, every candidate as input (l2 1, print yes): mean AUC ${everything.replayAuc}, worst ${everything.worstReplayAuc}, pooled APCER@BPCER5 ${everything.pooledApcerAtBpcer5}`);
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
      { fact: `inputs: ${HEAD.features.join(', ')}; cues on the inner face crop (side ${CUE_CROP} eye-to-mouth distances, 128x128), model scores as logits on the model crop (side ${MODEL_CROP})`, evidence: 'read' },
      { fact: `inputs chosen by direction: agreeing in at least ${MIN_AGREEING} of the 10 training sources and in both dev sources (train/dev-cues.json); no weight or scale comes from dev`, evidence: 'measured' },
      { fact: 'the training data are frames of a few dozen people from public repositories; cues that separate one source often flip on another (training.candidateAucByTrainingSource)', evidence: 'measured' },
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
      candidateAucByTrainingSource: report,
      everyCandidateCrossValidation: { replayAucMean: everything.replayAuc, replayAucWorst: everything.worstReplayAuc, pooledApcerAtBpcer5: everything.pooledApcerAtBpcer5 },
    },
  };
  writeFileSync(join(outDir, `${HEAD.id}.json`), `${JSON.stringify(fragment, null, 2)}\n`);
  log(`wrote ${join(outDir, `${HEAD.id}.onnx`)} (${onnx.length} bytes) and ${HEAD.id}.json`);
}
