/**
 * The worker side of the pool: builds its own app (own model sessions)
 * and answers the requests the HTTP thread forwards. Every path answers:
 * a request that cannot even be built (a method fetch forbids, such as
 * TRACE) gets a 405, a failing app a 500, so the HTTP thread never waits
 * for an answer that will not come.
 */
import { parentPort } from 'node:worker_threads';
import { detailResponse } from '@facelab/core';
import type { PoolShare, WireRequest, WireResponse, WorkerEvent } from './messages.ts';

export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface WorkerLogger {
  error(message: string, data?: Record<string, unknown>): void;
}

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** What a worker's app can read of the pool. */
export interface PoolView {
  /** Requests on the pool's workers now, this worker's own included while it runs one. */
  busy(): number;
}

/** Call from a worker module: `serveInWorker((pool) => createServerApp(options), logger)`. */
export function serveInWorker(createApp: (pool: PoolView) => Promise<FetchApp>, logger?: WorkerLogger): void {
  const port = parentPort;
  if (!port) throw new Error('serveInWorker must run in a worker thread');
  const send = (event: WorkerEvent, transfer: ArrayBuffer[] = []) => port.postMessage(event, transfer);
  // A promise a unit forgot to await must not end the thread and every request on it.
  process.on('unhandledRejection', (reason) => logger?.error('unhandled rejection in a pool worker', { error: String((reason as Error)?.stack ?? reason) }));
  // The pool's counter arrives first; requests only once this worker has said 'ready'.
  let busy: Int32Array | undefined;
  let app: FetchApp | undefined;
  port.on('message', (message: WireRequest | PoolShare) => {
    if ('type' in message) busy = new Int32Array(message.busy);
    else if (app) void answer(app, message, logger).then((response) => send({ type: 'response', ...response }, [response.body]));
  });
  createApp({ busy: () => (busy ? Atomics.load(busy, 0) : 0) }).then(
    (created) => {
      app = created;
      send({ type: 'ready' });
    },
    (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}

async function answer(app: FetchApp, message: WireRequest, logger?: WorkerLogger): Promise<WireResponse> {
  let response: Response;
  try {
    let request: Request;
    try {
      request = new Request(message.url, { method: message.method, headers: message.headers, body: message.body });
    } catch {
      // fetch refuses CONNECT, TRACE and TRACK outright; anything else it refuses is a malformed request.
      response = FORBIDDEN_METHODS.has(message.method.toUpperCase())
        ? detailResponse(405, `Method ${message.method} is not allowed`, { allow: 'GET, HEAD, POST' })
        : detailResponse(400, 'Malformed request');
      return await toWire(message.id, response);
    }
    response = await app.fetch(request);
    return await toWire(message.id, response);
  } catch (error) {
    logger?.error('request failed in a pool worker', { path: safePath(message.url), error: String((error as Error)?.stack ?? error) });
    return toWire(message.id, detailResponse(500, 'Internal server error'));
  }
}

async function toWire(id: number, response: Response): Promise<WireResponse> {
  const body = await response.arrayBuffer();
  return { id, status: response.status, headers: [...response.headers], body };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.slice(0, 200);
  }
}
