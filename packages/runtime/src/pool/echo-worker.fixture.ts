/** A worker for the pool test: echoes the request, names its thread and says how many requests the pool's workers held. */
import { threadId } from 'node:worker_threads';
import { serveInWorker } from './worker.ts';

serveInWorker(async (pool) => ({
  async fetch(request: Request) {
    const body = await request.text();
    // Hold each request a little so two in flight land on two workers.
    await new Promise((r) => setTimeout(r, 50));
    const busy = pool.busy();
    return Response.json({ thread: threadId, method: request.method, path: new URL(request.url).pathname, type: request.headers.get('content-type'), body, busy }, { status: 201 });
  },
}));
