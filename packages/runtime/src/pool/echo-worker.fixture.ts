/** A worker for the pool test: echoes the request and names its thread. */
import { threadId } from 'node:worker_threads';
import { serveInWorker } from './worker.ts';

serveInWorker(async () => ({
  async fetch(request: Request) {
    const body = await request.text();
    // Hold each request a little so two in flight land on two workers.
    await new Promise((r) => setTimeout(r, 50));
    return Response.json({ thread: threadId, method: request.method, path: new URL(request.url).pathname, type: request.headers.get('content-type'), body }, { status: 201 });
  },
}));
