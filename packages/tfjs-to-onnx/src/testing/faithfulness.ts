/**
 * Test harness: runs a built model (models/build/<id>.onnx) and its TF.js
 * original on the same batch and reports the error per output. TF.js runs
 * one item at a time (several graphs fix the batch at 1); ONNX runs the whole
 * batch, which also checks that the batch dimension stayed dynamic.
 * Test-only; not exported by the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recipe } from '../../../../models/recipes.ts';
import type { ManifestEntry } from '../../../../models/manifest.ts';
import { loadTfjsModel } from '../tfjs/load.js';
import { REPO_ROOT } from './images.js';
import { errors, runOnnx, runTfjs, tfjsGraphModel } from './reference.js';
import type { Array32 } from './reference.js';
import { item } from './images.js';

/** Error of one output over the batch. */
export interface OutputError {
  readonly output: string;
  /** Largest |onnx - tfjs|. */
  readonly abs: number;
  /** `abs` over the output's scale: abs / max(magnitude, 1). */
  readonly rel: number;
  /** Largest |tfjs| (how large the output's values are). */
  readonly magnitude: number;
  /** The ONNX output over the whole batch. */
  readonly values: Array32;
}

/** The committed manifest entry of a model id. */
export function manifestEntry(id: string): ManifestEntry {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'manifest.json'), 'utf8')) as { models: Record<string, ManifestEntry> };
  const entry = manifest.models[id];
  if (!entry) throw new Error(`models/manifest.json has no entry "${id}"; run "npm run models"`);
  return entry;
}

/** Runs model `id` both ways on `batch`; returns per-output errors and checks shapes against the manifest. */
export async function compareBuiltModel(id: string, batch: Array32): Promise<OutputError[]> {
  const r = recipe(id);
  const entry = manifestEntry(id);
  const onnxPath = join(REPO_ROOT, 'models', entry.onnx.file);
  if (!existsSync(onnxPath)) throw new Error(`${onnxPath} is missing; run "npm run models" first`);
  const tfjsModel = await tfjsGraphModel(await loadTfjsModel(join(REPO_ROOT, 'node_modules', r.source.package, r.source.file)));
  const input = entry.inputs[0]!.name;
  const outputs = entry.outputs.map((o) => o.name);
  const n = batch.shape[0]!;
  const onnx = await runOnnx(readFileSync(onnxPath), { [input]: batch }, outputs);
  const perItem: Array32[][] = [];
  for (let i = 0; i < n; i++) perItem.push(await runTfjs(tfjsModel, { [input]: item(batch, i) }, outputs));
  return outputs.map((name, k) => {
    const o = onnx[k]!;
    const declared = entry.outputs[k]!.shape.map((d) => (typeof d === 'number' ? d : n));
    if (o.shape.join() !== declared.join()) throw new Error(`${id} ${name}: ONNX shape [${o.shape}] vs manifest [${entry.outputs[k]!.shape}] at batch ${n}`);
    const size = o.data.length / n;
    let abs = 0;
    let magnitude = 0;
    for (let i = 0; i < n; i++) {
      const t = perItem[i]![k]!;
      if (t.data.length !== size) throw new Error(`${id} ${name}: TF.js gives ${t.data.length} values per item, ONNX ${size}`);
      abs = Math.max(abs, errors(o.data.subarray(i * size, (i + 1) * size), t.data).abs);
      for (const v of t.data) magnitude = Math.max(magnitude, Math.abs(v));
    }
    return { output: name, abs, rel: abs / Math.max(magnitude, 1), magnitude, values: o };
  });
}
