/**
 * Trains the head on the cached rows: a small grid of heads is fitted on the
 * train split and judged on the validation split (the plain crops of one
 * source photo in six; never the eval set); the best is refitted on every
 * row, checked against its ONNX export, and written with its manifest
 * fragment.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_MODEL, HEAD_MODEL } from '../src/models.ts';
import { predict, trainHead, type HeadWeights, type TrainOptions } from './classifier.ts';
import type { RowMeta, Rows } from './extract.ts';
import { headToOnnx } from './export.ts';
import { figures, formatFigures, type Figures } from './metrics.ts';

const DIM = FEATURE_MODEL.size;

export const GRID: Omit<TrainOptions, 'seed'>[] = [
  { hidden: 0, epochs: 25, batch: 64, learningRate: 1e-3, weightDecay: 1e-2, dropout: 0.2 },
  { hidden: 32, epochs: 25, batch: 64, learningRate: 1e-3, weightDecay: 1e-2, dropout: 0.2 },
];

function subset(rows: Rows, keep: (m: RowMeta) => boolean): { x: Float32Array; y: Uint8Array; meta: RowMeta[] } {
  const picked = rows.meta.flatMap((m, i) => (keep(m) ? [i] : []));
  const x = new Float32Array(picked.length * DIM);
  picked.forEach((r, k) => x.set(rows.features.subarray(r * DIM, (r + 1) * DIM), k * DIM));
  return { x, y: Uint8Array.from(picked, (r) => (rows.meta[r].label ? 1 : 0)), meta: picked.map((r) => rows.meta[r]) };
}

const source = (m: RowMeta): string => (m.kind === 'synthetic' ? 'synthetic' : m.key.includes('amvd') ? 'amvd' : 'k12');

export interface HeadReport {
  options: TrainOptions;
  validation: Record<string, Figures>;
  trainRows: number;
  allRows: number;
  head: HeadWeights;
}

export function selectAndTrain(rows: Rows, seed: number, log: (line: string) => void): HeadReport {
  const train = subset(rows, (m) => m.split === 'train');
  const valPlain = subset(rows, (m) => m.split === 'val' && m.variation === 0);
  const valVaried = subset(rows, (m) => m.split === 'val' && m.variation > 0);
  log(`rows: train ${train.y.length}, val plain ${valPlain.y.length}, val varied ${valVaried.y.length}`);
  let best: { options: TrainOptions; validation: Record<string, Figures>; score: number } | undefined;
  for (const config of GRID) {
    const options = { ...config, seed };
    const began = performance.now();
    const head = trainHead(train.x, train.y, DIM, options);
    const plain = predict(head, valPlain.x);
    const varied = predict(head, valVaried.x);
    const validation: Record<string, Figures> = { plain: figures(plain, valPlain.y), varied: figures(varied, valVaried.y) };
    for (const name of ['k12', 'amvd', 'synthetic']) {
      const idx = valPlain.meta.flatMap((m, i) => (source(m) === name ? [i] : []));
      if (idx.length) validation[name] = figures(idx.map((i) => plain[i]), idx.map((i) => valPlain.y[i]));
    }
    log(`hidden ${options.hidden} wd ${options.weightDecay} (${((performance.now() - began) / 1000).toFixed(0)} s)`);
    for (const [name, f] of Object.entries(validation)) log(`  ${name.padEnd(9)} ${formatFigures(f)}`);
    const score = validation.plain.accuracy + validation.varied.accuracy + 0.01 * validation.plain.auc;
    if (!best || score > best.score) best = { options, validation, score };
  }
  const all = subset(rows, () => true);
  log(`refit hidden ${best!.options.hidden} on all ${all.y.length} rows`);
  const head = trainHead(all.x, all.y, DIM, best!.options);
  return { options: best!.options, validation: best!.validation, trainRows: train.y.length, allRows: all.y.length, head };
}

/** Writes models/trained/mask-head.onnx and its manifest entry (mask-head.json, for models/manifest.json). */
export function writeHead(modelsDir: string, report: HeadReport, facts: Record<string, unknown>): { onnx: Uint8Array; file: string } {
  const onnx = headToOnnx(report.head, { seed: String(report.options.seed), features: `${FEATURE_MODEL.id}:${FEATURE_MODEL.output}` });
  const dir = join(modelsDir, 'trained');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${HEAD_MODEL.id}.onnx`);
  writeFileSync(file, onnx);
  const { task, source, ...rest } = facts;
  const entry = {
    id: HEAD_MODEL.id,
    task,
    source,
    onnx: { file: `trained/${HEAD_MODEL.id}.onnx`, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.length, opset: 17 },
    inputs: [{ name: HEAD_MODEL.input, dtype: 'float32', shape: ['batch', FEATURE_MODEL.size], description: `${FEATURE_MODEL.id} ${FEATURE_MODEL.output} of the plugin's face crop` }],
    outputs: [{ name: HEAD_MODEL.output, dtype: 'float32', shape: ['batch', 1], description: 'P(medical mask)' }],
    ...rest,
  };
  writeFileSync(join(dir, `${HEAD_MODEL.id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  return { onnx, file };
}
