/** Starts the all-in-one server on PORT (default 8080). */
import { serve } from '@hono/node-server';
import { createServerApp } from './app.ts';
import { jsonLogger } from './logger.ts';

const port = Number(process.env.PORT ?? 8080);
const threads = process.env.FACELAB_THREADS ? Number(process.env.FACELAB_THREADS) : undefined;
const began = performance.now();
try {
  const app = await createServerApp({ threads, codec: process.env.FACELAB_CODEC === 'jimp' ? 'jimp' : 'sharp', logger: jsonLogger });
  serve({ fetch: app.fetch, port }, (info) => {
    jsonLogger.info('facelab listening', { port: info.port, startupMs: Math.round(performance.now() - began) });
  });
} catch (error) {
  jsonLogger.error('facelab could not start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
