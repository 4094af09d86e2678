/** One worker of the server's pool: its own app and model sessions. */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { serveInWorker } from '@facelab/runtime';
import { createServerApp, type ServerOptions } from './app.ts';
import { jsonLogger } from './logger.ts';
import { MODEL_LOADS_CHANNEL, type ModelLoad } from './metrics.ts';

serveInWorker(async (pool) => {
  const loads: ModelLoad[] = [];
  // A request's parallel model runs and its work ahead take a second core only while no other request is on the pool.
  const app = await createServerApp({ ...(workerData as ServerOptions), spareCore: () => pool.busy() <= 1, logger: jsonLogger, onModelLoad: (model, seconds) => loads.push({ model, seconds }) });
  // The HTTP thread's metrics listen on this channel (metrics.ts).
  const channel = new BroadcastChannel(MODEL_LOADS_CHANNEL);
  channel.postMessage(loads);
  channel.close();
  return app;
}, jsonLogger);
