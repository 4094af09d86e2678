/**
 * Test harness: runs a TF.js graph model with @tensorflow/tfjs on its pure-JS
 * CPU backend (the reference) and an ONNX model with onnxruntime-node, on
 * the same inputs. Test-only; not exported by the package.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { TfjsModel } from '../tfjs/model-json.js';

/** A test input or output: flat data and dims. */
export interface Array32 {
  readonly data: Float32Array | Int32Array;
  readonly shape: readonly number[];
}

let backendReady: Promise<void> | undefined;

/** Selects TF.js's CPU backend once per process. */
function cpuBackend(): Promise<void> {
  backendReady ??= (async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  })();
  return backendReady;
}

/** An IOHandler serving a model already in memory (model.json + weight bytes). */
function memoryHandler(model: TfjsModel): tf.io.IOHandler {
  const { modelJson } = model;
  const total = model.weightData.reduce((n, d) => n + d.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const d of model.weightData) {
    joined.set(d, offset);
    offset += d.length;
  }
  return {
    load: async () => ({
      modelTopology: modelJson.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights) as unknown as tf.io.WeightsManifestEntry[],
      weightData: joined.buffer,
      format: modelJson.format ?? 'graph-model',
      generatedBy: modelJson.generatedBy ?? '',
      convertedBy: modelJson.convertedBy ?? null,
      ...(modelJson.signature ? { signature: modelJson.signature as object } : {}),
    }),
  };
}

/** Loads a TF.js graph model (e.g. from {@link loadTfjsModel}) on the CPU backend. */
export async function tfjsGraphModel(model: TfjsModel): Promise<tf.GraphModel> {
  await cpuBackend();
  return tf.loadGraphModel(memoryHandler(model));
}

/** Runs a TF.js graph model; `feeds` are keyed by Placeholder name, `outputs` are TF tensor names. */
export async function runTfjs(model: tf.GraphModel, feeds: Readonly<Record<string, Array32>>, outputs: readonly string[]): Promise<Array32[]> {
  const inputs: Record<string, tf.Tensor> = {};
  for (const [name, a] of Object.entries(feeds)) {
    inputs[name] = a.data instanceof Int32Array ? tf.tensor(a.data, [...a.shape], 'int32') : tf.tensor(a.data, [...a.shape], 'float32');
  }
  const result = model.execute(inputs, [...outputs]);
  const list = Array.isArray(result) ? result : [result];
  const out = await Promise.all(
    list.map(async (t) => ({ data: (await t.data()) as Float32Array | Int32Array, shape: t.shape })),
  );
  tf.dispose([...Object.values(inputs), ...list]);
  return out;
}

/** Runs an ONNX model with onnxruntime-node. */
export async function runOnnx(bytes: Uint8Array, feeds: Readonly<Record<string, Array32>>, outputs: readonly string[]): Promise<Array32[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, a] of Object.entries(feeds)) {
      inputs[name] = new ort.Tensor(a.data instanceof Int32Array ? 'int32' : 'float32', a.data, [...a.shape]);
    }
    const result = await session.run(inputs, [...outputs]);
    return outputs.map((o) => {
      const t = result[o]!;
      return { data: t.data as Float32Array | Int32Array, shape: [...t.dims] };
    });
  } finally {
    await session.release();
  }
}

/** Largest |a - b| and largest |a - b| / max(|b|, floor) over two arrays of equal length. */
export function errors(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1): { abs: number; rel: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return { abs: NaN, rel: NaN };
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(b[i]!), floor));
  }
  return { abs, rel };
}

/** Deterministic pseudo-random floats in [lo, hi) (a small LCG, so tests need no seed library). */
export function randomArray(n: number, seed = 1, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((s >>> 8) / 16777216) * (hi - lo);
  }
  return out;
}
