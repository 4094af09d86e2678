/**
 * Starts the all-in-one server (configuration: README, `readConfig`). It
 * serves from a pool of worker threads (FACELAB_WORKERS, default: the
 * cores), each with its own model sessions, so concurrent requests run on
 * separate cores and this thread stays free to accept, refuse and time out
 * requests whatever the workers are doing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { bodyLimit, DEFAULT_APP_LIMITS, detailResponse } from '@facelab/core';
import { createWorkerPool } from '@facelab/runtime';
import type { ServerOptions } from './app.ts';
import { requireApiKey } from './auth.ts';
import { answerClientErrors } from './client-errors.ts';
import { refuseLargeUploads } from './expect-continue.ts';
import { readConfig } from './config.ts';
import { createFrontApp } from './front.ts';
import { jsonLogger, log } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { gracefulShutdown } from './shutdown.ts';

const began = performance.now();
// Listening before the workers start, so no model load they announce is missed.
const metrics = createMetrics();
metrics.listenToWorkers();
try {
  const config = readConfig();
  const options: ServerOptions = { threads: config.threads, parallelRuns: config.parallelRuns, codec: config.codec, limits: { maxObjects: config.maxObjects } };
  // Run from source (tsx), the workers need the same loader and export condition.
  const fromSource = import.meta.url.endsWith('.ts');
  const maxBodyBytes = bodyLimit(DEFAULT_APP_LIMITS);
  const pool = await createWorkerPool({
    size: config.workers,
    entry: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url),
    workerData: options,
    typescript: fromSource,
    execArgv: fromSource ? ['--conditions=source'] : [],
    maxQueue: config.maxQueue,
    requestTimeoutMs: config.requestTimeoutMs,
    maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    stuckMs: config.stuckMs,
    events: jsonLogger,
  });
  metrics.watchPool(() => pool.stats());
  const shutdown = gracefulShutdown(pool, config.shutdownTimeoutMs, jsonLogger);
  // Access log, metrics and GET /metrics on this thread, in front of the key check and the pool.
  const front = createFrontApp({ fetch: requireApiKey(config.apiKeys, pool.fetch), log, metrics });
  // Refused first when stopping, then without a key, before a body is read or a worker is involved.
  const fetch = shutdown.guard(async (request) => front.fetch(request));
  const server = createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      // The whole request, headers and body, must arrive within this.
      requestTimeout: config.headersTimeoutMs + config.bodyTimeoutMs,
      keepAliveTimeout: config.idleTimeoutMs,
      // How often Node checks the two timeouts above (default 30 s).
      connectionsCheckingInterval: 1_000,
    },
    // A request that cannot even be turned into a Request (a Host that is no host) is a 400 in the contract's shape.
    getRequestListener(fetch, { hostname: config.host, errorHandler: (error) => detailResponse(error instanceof RequestError ? 400 : 500, error instanceof RequestError ? 'Malformed request' : 'Internal server error') }),
  );
  server.listen(config.port, config.host, () => {
    const address = server.address() as AddressInfo;
    jsonLogger.info('facelab listening', { host: address.address, port: address.port, pid: process.pid, workers: config.workers, maxQueue: config.maxQueue, apiKeys: config.apiKeys.length > 0, startupMs: Math.round(performance.now() - began) });
  });
  refuseLargeUploads(server, maxBodyBytes);
  answerClientErrors(server);
  // Run by an npm script (npm start), the server's life is npm's.
  shutdown.listen(server, process.env.npm_lifecycle_event !== undefined);
} catch (error) {
  jsonLogger.error('facelab could not start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
