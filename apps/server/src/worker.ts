/** One worker of the server's pool: its own app and model sessions. */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { serveInWorker } from '@facelab/runtime';
import { createServerApp, type ServerOptions } from './app.ts';
import { jsonLogger } from './logger.ts';
import { MODEL_LOADS_CHANNEL, type ModelLoad } from './metrics.ts';

serveInWorker(async () => {
  const loads: ModelLoad[] = [];
  const app = await createServerApp({ ...(workerData as ServerOptions), logger: jsonLogger, onModelLoad: (model, seconds) => loads.push({ model, seconds }) });
  // The HTTP thread's metrics listen on this channel (metrics.ts).
  const channel = new BroadcastChannel(MODEL_LOADS_CHANNEL);
  channel.postMessage(loads);
  channel.close();
  return app;
}, jsonLogger);
