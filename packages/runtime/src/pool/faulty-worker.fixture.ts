/**
 * A worker for the pool's failure tests: each path fails in one way a real
 * app can (exits, spins forever, throws, leaves a rejection unhandled);
 * anything else echoes the path after `?ms=` milliseconds.
 */
import { threadId } from 'node:worker_threads';
import { serveInWorker } from './worker.ts';

serveInWorker(async () => ({
  async fetch(request: Request) {
    const url = new URL(request.url);
    if (url.pathname === '/exit') process.exit(3);
    if (url.pathname === '/spin') for (;;);
    if (url.pathname === '/throw') throw new Error('the app failed');
    if (url.pathname === '/unhandled') void Promise.reject(new Error('nobody awaits this'));
    await new Promise((r) => setTimeout(r, Number(url.searchParams.get('ms') ?? 0)));
    return Response.json({ thread: threadId, path: url.pathname, bytes: (await request.arrayBuffer()).byteLength });
  },
}));
