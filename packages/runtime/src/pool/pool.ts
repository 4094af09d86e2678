/**
 * A pool of worker threads, each holding its own app and model sessions,
 * behind one fetch function. onnxruntime-node runs a session on the calling
 * thread, so one thread serves one inference at a time; with a worker per
 * core, two cores serve two requests. Bodies move between threads without
 * copies.
 *
 * The pool is also where the server protects itself, on the thread that
 * owns the sockets, before any work: it reads bodies under a size cap and a
 * deadline, admits a bounded number of requests (those on workers plus a
 * bounded queue; the rest get 503 with Retry-After), answers a request that
 * outlives its deadline (503 while queued, 504 once on a worker), and
 * replaces a worker that dies or stops answering, answering its requests
 * with 503 and releasing their places.
 */
import { readBodyCapped } from '@facelab/core';
import { Worker } from 'node:worker_threads';
import { bodyBroken, bodyTooLarge, bodyTooSlow, queueFull, shuttingDown, tookTooLong, waitedTooLong, workerLost } from './answers.ts';
import type { PoolShare, WireRequest, WorkerEvent } from './messages.ts';

export interface WorkerPoolStats {
  /** Requests on workers, including those already answered 504 whose worker is still busy with them. */
  inFlight: number;
  /** Admitted requests waiting for a worker (their bodies may still be arriving). */
  queued: number;
  /** Live workers. */
  workers: number;
}

export interface WorkerPool {
  readonly size: number;
  fetch(request: Request): Promise<Response>;
  stats(): WorkerPoolStats;
  /** Resolves once nothing is queued or in flight (a graceful shutdown waits for it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface PoolEvents {
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface WorkerPoolOptions {
  size: number;
  /** The worker module (it calls serveInWorker). */
  entry: URL;
  workerData?: unknown;
  /** Node flags for the workers. */
  execArgv?: string[];
  /** Load `entry` through tsx (running from TypeScript sources). */
  typescript?: boolean;
  /** Requests one worker is given at a time (default 1: a worker runs one inference at a time anyway). */
  perWorker?: number;
  /** Admitted requests that may wait for a worker; more get 503 with Retry-After (default: no bound). */
  maxQueue?: number;
  /** Milliseconds from arrival to answer; past it a queued request gets 503, one on a worker 504 (default: none). */
  requestTimeoutMs?: number;
  /** A worker that has not answered a request within this many milliseconds is terminated and replaced (default 120 s). */
  stuckMs?: number;
  /** Largest request body in bytes, refused with 413 while it streams (default: no cap). */
  maxBodyBytes?: number;
  /** Milliseconds a body may take to arrive; slower gets 408 (default: none). */
  bodyTimeoutMs?: number;
  /** Where the pool reports dead, stuck and replaced workers. */
  events?: PoolEvents;
}

/** A worker that registers tsx's loader in its own thread, then imports the TypeScript entry. */
function typescriptWorker(entry: URL, options: WorkerPoolOptions): Worker {
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true, workerData: options.workerData, execArgv: options.execArgv });
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  retired: boolean;
}

interface Job {
  id: number;
  message?: WireRequest;
  /** Answers the caller once; later answers are dropped. */
  answer(response: Response): void;
  answered: boolean;
  dispatchedAt?: number;
}

const quiet: PoolEvents = { warn() {}, error() {} };

/**
 * @example
 * ```ts
 * const pool = await createWorkerPool({ size: 2, entry: new URL('./worker.js', import.meta.url), maxQueue: 4, requestTimeoutMs: 30_000 });
 * serve({ fetch: pool.fetch, port: 8080 });
 * ```
 */
export async function createWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const perWorker = options.perWorker ?? 1;
  const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
  const stuckMs = options.stuckMs ?? 120_000;
  const events = options.events ?? quiet;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  const idleWaiters: (() => void)[] = [];
  let waiting = 0;
  let nextId = 0;
  let closing = false;
  // The requests on workers, readable by every worker (a worker may use idle cores while the others have nothing to do).
  const busy = new Int32Array(new SharedArrayBuffer(4));

  const inFlight = (): number => slots.reduce((n, s) => n + s.jobs.size, 0);
  const settle = (): void => {
    pump();
    Atomics.store(busy, 0, inFlight());
    if (waiting === 0 && inFlight() === 0) for (const done of idleWaiters.splice(0)) done();
  };

  const spawn = (): Promise<Slot> =>
    new Promise((resolve, reject) => {
      const worker = options.typescript
        ? typescriptWorker(options.entry, options)
        : new Worker(options.entry, { workerData: options.workerData, execArgv: options.execArgv });
      const slot: Slot = { worker, jobs: new Map(), retired: false };
      worker.postMessage({ type: 'pool', busy: busy.buffer } satisfies PoolShare);
      let ready = false;
      worker.on('message', (event: WorkerEvent) => {
        if (event.type === 'ready') {
          ready = true;
          resolve(slot);
        } else if (event.type === 'failed') reject(new Error(event.message));
        else {
          const job = slot.jobs.get(event.id);
          slot.jobs.delete(event.id);
          job?.answer(new Response(event.body, { status: event.status, headers: event.headers }));
          settle();
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        else events.error('pool worker failed', { error: String(error?.stack ?? error) });
      });
      // A worker that dies must not leave its requests hanging nor keep its place.
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`worker exited during start-up (code ${code})`));
        else retire(slot, `worker exited (code ${code})`);
      });
    });

  /** Takes a worker out of service: answers its requests with 503, ends it, and starts a replacement. */
  const retire = (slot: Slot, why: string): void => {
    if (slot.retired) return;
    slot.retired = true;
    slots.splice(slots.indexOf(slot), 1);
    for (const job of slot.jobs.values()) job.answer(workerLost());
    slot.jobs.clear();
    void slot.worker.terminate().catch(() => {});
    if (closing) return settle();
    events.warn('pool worker replaced', { reason: why });
    void replace(0);
    settle();
  };

  const replace = async (attempt: number): Promise<void> => {
    if (closing) return;
    try {
      const slot = await spawn();
      if (closing) {
        await slot.worker.terminate();
        return;
      }
      slots.push(slot);
      settle();
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      events.error('pool could not start a replacement worker', { error: String(error), retryMs: delay });
      setTimeout(() => void replace(attempt + 1), delay).unref();
    }
  };

  /** Hands queued requests to workers with room, the least busy first. */
  const pump = (): void => {
    while (queue.length > 0) {
      let best: Slot | undefined;
      for (const slot of slots) if (slot.jobs.size < perWorker && (!best || slot.jobs.size < best.jobs.size)) best = slot;
      if (!best) return;
      const job = queue.shift()!;
      waiting--;
      const message = job.message!;
      job.message = undefined;
      job.dispatchedAt = performance.now();
      best.jobs.set(job.id, job);
      Atomics.store(busy, 0, inFlight());
      best.worker.postMessage(message, message.body ? [message.body] : []);
    }
  };

  // A worker busy with one request for longer than stuckMs is taken as hung.
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const slot of [...slots]) {
      for (const job of slot.jobs.values()) {
        if (now - job.dispatchedAt! > stuckMs) {
          retire(slot, `no answer within ${stuckMs} ms`);
          break;
        }
      }
    }
  }, Math.min(1000, stuckMs / 4));
  watchdog.unref();

  slots.push(...(await Promise.all(Array.from({ length: options.size }, spawn))));

  const fetch = async (request: Request): Promise<Response> => {
    if (closing) return shuttingDown();
    // Those on workers plus those admitted to wait.
    if (inFlight() + waiting >= slots.length * perWorker + maxQueue) return queueFull();
    waiting++;
    const job: Job = { id: nextId++, answered: false, answer: () => {} };
    const answered = new Promise<Response>((resolve) => {
      job.answer = (response) => {
        if (job.answered) return;
        job.answered = true;
        clearTimeout(deadline);
        resolve(response);
      };
    });
    const deadline =
      options.requestTimeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            const at = queue.indexOf(job);
            if (job.dispatchedAt !== undefined) return job.answer(tookTooLong(options.requestTimeoutMs!));
            // Still reading its body or queued: it gives up its place now.
            if (at >= 0) queue.splice(at, 1);
            waiting--;
            job.dispatchedAt = -1;
            job.answer(waitedTooLong(options.requestTimeoutMs!));
            settle();
          }, options.requestTimeoutMs);

    void admit(request, job).catch((error: unknown) => {
      events.error('pool could not forward a request', { error: String(error) });
      if (job.dispatchedAt === undefined) {
        const at = queue.indexOf(job);
        if (at >= 0) queue.splice(at, 1);
        waiting--;
        job.dispatchedAt = -1;
      }
      job.answer(workerLost());
      settle();
    });
    return answered;
  };

  /** Reads the body under its limits, then queues the request. */
  const admit = async (request: Request, job: Job): Promise<void> => {
    let body: ArrayBuffer | null = null;
    if (request.body) {
      const read = await readBodyCapped(request, { maxBytes: options.maxBodyBytes ?? Number.POSITIVE_INFINITY, timeoutMs: options.bodyTimeoutMs });
      if (job.answered) return;
      if (!read.ok) {
        waiting--;
        job.dispatchedAt = -1;
        job.answer(read.reason === 'too-large' ? bodyTooLarge(options.maxBodyBytes!) : read.reason === 'too-slow' ? bodyTooSlow(options.bodyTimeoutMs!) : bodyBroken());
        settle();
        return;
      }
      const bytes = read.bytes;
      body = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
    }
    if (job.answered) return;
    if (closing) return job.answer(shuttingDown());
    job.message = { id: job.id, method: request.method, url: request.url, headers: [...request.headers], body };
    queue.push(job);
    pump();
  };

  return {
    size: options.size,
    fetch,
    stats: () => ({ inFlight: inFlight(), queued: waiting, workers: slots.length }),
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settle();
      }),
    async close() {
      closing = true;
      clearInterval(watchdog);
      for (const job of queue.splice(0)) job.answer(shuttingDown());
      waiting = 0;
      const all = [...slots];
      for (const slot of all) {
        slot.retired = true;
        for (const job of slot.jobs.values()) job.answer(shuttingDown());
        slot.jobs.clear();
      }
      slots.length = 0;
      await Promise.all(all.map((s) => s.worker.terminate()));
      settle();
    },
  };
}
