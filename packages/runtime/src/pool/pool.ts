/**
 * A pool of worker threads, each holding its own app and model sessions,
 * behind one fetch function. onnxruntime-node runs a session on the calling
 * thread, so one thread serves one inference at a time; with a worker per
 * core, two cores serve two requests. Each request goes to the worker with
 * the fewest requests in flight; bodies move between threads without copies.
 */
import { Worker } from 'node:worker_threads';
import type { WireRequest, WorkerEvent } from './messages.ts';

export interface WorkerPool {
  readonly size: number;
  fetch(request: Request): Promise<Response>;
  /** Requests being served, those waiting behind another in their worker, and the workers. */
  stats(): { inFlight: number; queued: number; workers: number };
  close(): Promise<void>;
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
}

/** A worker that registers tsx's loader in its own thread, then imports the TypeScript entry. */
function typescriptWorker(entry: URL, options: WorkerPoolOptions): Worker {
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true, workerData: options.workerData, execArgv: options.execArgv });
}

interface Slot {
  worker: Worker;
  inFlight: number;
  ids: Set<number>;
}

const workerLost = (): Response =>
  new Response(JSON.stringify({ detail: 'The worker serving this request stopped; try again' }), { status: 503, headers: { 'content-type': 'application/json' } });

export async function createWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const pending = new Map<number, (response: Response) => void>();
  let nextId = 0;
  const start = (): Promise<Slot> =>
    new Promise((resolve, reject) => {
      const worker = options.typescript
        ? typescriptWorker(options.entry, options)
        : new Worker(options.entry, { workerData: options.workerData, execArgv: options.execArgv });
      const slot: Slot = { worker, inFlight: 0, ids: new Set() };
      worker.on('message', (event: WorkerEvent) => {
        if (event.type === 'ready') resolve(slot);
        else if (event.type === 'failed') reject(new Error(event.message));
        else {
          slot.inFlight--;
          slot.ids.delete(event.id);
          pending.get(event.id)?.(new Response(event.body, { status: event.status, headers: event.headers }));
          pending.delete(event.id);
        }
      });
      worker.on('error', reject);
      // A worker that dies must not leave its requests hanging.
      worker.on('exit', () => {
        for (const id of slot.ids) pending.get(id)?.(workerLost());
        slot.ids.clear();
      });
    });
  const slots = await Promise.all(Array.from({ length: options.size }, start));
  return {
    size: slots.length,
    async fetch(request) {
      const body = request.body ? await request.arrayBuffer() : null;
      // Chosen after the body is read, so requests arriving together see each other's counts.
      const slot = slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      const message: WireRequest = { id: nextId++, method: request.method, url: request.url, headers: [...request.headers], body };
      slot.inFlight++;
      slot.ids.add(message.id);
      return new Promise((resolve) => {
        pending.set(message.id, resolve);
        slot.worker.postMessage(message, body ? [body] : []);
      });
    },
    stats() {
      // A worker serves one request at a time; the rest of its share waits in its message queue.
      const inFlight = slots.reduce((sum, s) => sum + s.inFlight, 0);
      const queued = slots.reduce((sum, s) => sum + Math.max(0, s.inFlight - 1), 0);
      return { inFlight, queued, workers: slots.length };
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
