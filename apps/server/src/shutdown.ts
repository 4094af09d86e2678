/**
 * Graceful shutdown on SIGTERM and SIGINT: stop accepting connections,
 * answer requests that arrive on open connections with 503, let those in
 * flight finish (up to a deadline), then end the workers and exit 0. A
 * second signal a second or more later exits at once; one sooner is the
 * same Ctrl-C reaching both npm and the server, and is ignored.
 *
 * Started by an npm script, the server also stops when its parent is gone:
 * npm forwards SIGTERM to the shell it ran the script in, not to the
 * server, and the shell dies without passing it on.
 */
import type { Server } from 'node:http';
import { detailResponse, type Logger } from '@facelab/core';

type Fetch = (request: Request) => Promise<Response>;

export interface Drainable {
  idle(): Promise<void>;
  close(): Promise<void>;
  stats(): { inFlight: number; queued: number };
}

export interface Shutdown {
  /** Wraps the server's fetch: once stopping, new requests get 503 and their connection is closed. */
  guard(next: Fetch): Fetch;
  /** Installs the signal handlers for this server (and, with followParent, stops when the parent process is gone). */
  listen(server: Server, followParent?: boolean): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function gracefulShutdown(pool: Drainable, timeoutMs: number, logger: Logger): Shutdown {
  let stoppingSince: number | undefined;
  return {
    guard: (next) => async (request) => {
      if (stoppingSince === undefined) return next(request);
      return detailResponse(503, 'The server is shutting down', { 'retry-after': '1', connection: 'close' });
    },
    listen(server, followParent = false) {
      const stop = async (signal: string): Promise<void> => {
        if (stoppingSince !== undefined) {
          if (Date.now() - stoppingSince < 1_000) return;
          logger.warn('facelab stopping now: second signal', { signal });
          process.exit(1);
        }
        stoppingSince = Date.now();
        const { inFlight, queued } = pool.stats();
        logger.info('facelab stopping: finishing requests in flight', { signal, inFlight, queued, timeoutMs });
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drained = await Promise.race([pool.idle().then(() => true), sleep(timeoutMs).then(() => false)]);
        // Connections become idle once their last answer is written; close them as they do.
        const end = Date.now() + 2_000;
        while (Date.now() < end && !(await Promise.race([closed.then(() => true), sleep(50).then(() => false)]))) server.closeIdleConnections();
        server.closeAllConnections();
        await pool.close();
        logger.info('facelab stopped', { signal, drained });
        process.exit(0);
      };
      process.on('SIGTERM', (signal) => void stop(signal));
      process.on('SIGINT', (signal) => void stop(signal));
      if (followParent) {
        const parent = process.ppid;
        setInterval(() => {
          if (process.ppid !== parent) void stop('parent process exited');
        }, 500).unref();
      }
    },
  };
}
