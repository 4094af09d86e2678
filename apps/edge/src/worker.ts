/**
 * A Workers-style module (`export default { fetch }`): the face-detector
 * service on core, onnxruntime-web and jimp, nothing from Node. The app is
 * built on the first request. Models and onnxruntime-web's WASM come from
 * FACELAB_MODELS_URL / FACELAB_WASM_URL when the runtime passes them in `env`
 * (a Worker's bindings), else from this repository's models/ and node_modules.
 *
 *   deno serve --conditions=source --allow-read apps/edge/src/worker.ts
 */
import { createImageApi } from '@facelab/core';
import { faceDetector } from '@facelab/face-detector';
import { createJimpCodec } from '@facelab/runtime/jimp';
import type { Hono } from 'hono';
import { createWebBackend } from './web-backend.ts';

interface Env {
  FACELAB_MODELS_URL?: string;
  FACELAB_WASM_URL?: string;
}

let app: Promise<Hono> | undefined;

async function build(env: Env): Promise<Hono> {
  const inference = await createWebBackend({
    modelsUrl: new URL(env.FACELAB_MODELS_URL ?? '../../../models/', import.meta.url),
    wasmUrl: new URL(env.FACELAB_WASM_URL ?? '../../../node_modules/onnxruntime-web/dist/', import.meta.url),
  });
  return createImageApi({ plugins: [faceDetector()], inference, imageCodec: createJimpCodec() });
}

export default {
  async fetch(request: Request, env: Env = {}): Promise<Response> {
    app ??= build(env);
    app.catch(() => (app = undefined));
    return (await app).fetch(request);
  },
};
