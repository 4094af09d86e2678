/**
 * Starts the all-in-one server on PORT (default 8080). With more than one
 * core it serves from a pool of worker threads (FACELAB_WORKERS, default:
 * the cores), each with its own model sessions, so concurrent requests run
 * on separate cores; FACELAB_WORKERS=1 serves from this thread.
 */
import { availableParallelism } from 'node:os';
import { serve } from '@hono/node-server';
import { createWorkerPool } from '@facelab/runtime';
import { createServerApp, type ServerOptions } from './app.ts';
import { jsonLogger } from './logger.ts';

const port = Number(process.env.PORT ?? 8080);
const workers = Number(process.env.FACELAB_WORKERS ?? availableParallelism());
const options: ServerOptions = {
  threads: process.env.FACELAB_THREADS ? Number(process.env.FACELAB_THREADS) : workers > 1 ? 1 : undefined,
  codec: process.env.FACELAB_CODEC === 'jimp' ? 'jimp' : 'sharp',
};
// Run from source (tsx), the workers need the same loader and export condition.
const fromSource = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
const began = performance.now();
try {
  const fetch =
    workers > 1
      ? (await createWorkerPool({ size: workers, entry: workerEntry, workerData: options, typescript: fromSource, execArgv: fromSource ? ['--conditions=source'] : [] })).fetch
      : (await createServerApp({ ...options, logger: jsonLogger })).fetch;
  // FACELAB_HOST binds one interface (e.g. 127.0.0.1 for a local benchmark); unset, every interface.
  serve({ fetch, port, hostname: process.env.FACELAB_HOST }, (info) => {
    jsonLogger.info('facelab listening', { port: info.port, workers, startupMs: Math.round(performance.now() - began) });
  });
} catch (error) {
  jsonLogger.error('facelab could not start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
