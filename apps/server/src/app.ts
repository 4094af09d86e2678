/**
 * Builds the all-in-one app on the Node runtime: onnxruntime-node and the
 * fastest image codec that loads (sharp, else jimp).
 */
import { createImageApi, resolveServices, type AppLimits, type InferenceBackend, type Logger, type Plugin } from '@facelab/core';
import { createImageCodec, createOrtBackend, type OrtBackendOptions } from '@facelab/runtime';
import { mountWeb } from '@facelab/web';
import { fileAssets } from '@facelab/web/files';
import type { Hono } from 'hono';
import { allPlugins } from './plugins.ts';

export interface ServerOptions extends OrtBackendOptions {
  plugins?: Plugin[];
  codec?: 'sharp' | 'jimp';
  logger?: Logger;
  limits?: Partial<AppLimits>;
  /** Called once per model session loaded, with its load time (for metrics). */
  onModelLoad?: (model: string, seconds: number) => void;
}

export async function createServerApp(options: ServerOptions = {}): Promise<Hono> {
  const ort = createOrtBackend(options);
  const { onModelLoad } = options;
  // Units share sessions (the backend caches them by id): report each model once.
  const reported = new Set<string>();
  const inference: InferenceBackend = onModelLoad
    ? {
        entry: (id) => ort.entry(id),
        async load(id) {
          const began = performance.now();
          const session = await ort.load(id);
          if (!reported.has(id)) onModelLoad(id, (performance.now() - began) / 1000);
          reported.add(id);
          return session;
        },
      }
    : ort;
  const imageCodec = await createImageCodec(options.codec);
  const plugins = options.plugins ?? allPlugins();
  const app = await createImageApi({ plugins, inference, imageCodec, logger: options.logger, limits: options.limits, spareCore: options.spareCore });
  // The demo page at /, the API explorer at /docs and /openapi.json.
  return mountWeb(app, { services: resolveServices(plugins), assets: fileAssets() });
}
