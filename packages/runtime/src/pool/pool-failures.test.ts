/**
 * The pool under failure: a worker that exits, spins or throws is answered
 * for and replaced; a full queue, a passed deadline, an oversized or slow
 * body each get their answer from the HTTP thread, in the contract's shape.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from './pool.ts';

const entry = new URL('./faulty-worker.fixture.ts', import.meta.url);
let pool: WorkerPool | undefined;
const open = async (options: Partial<WorkerPoolOptions> = {}): Promise<WorkerPool> => {
  pool = await createWorkerPool({ size: 2, entry, typescript: true, execArgv: ['--conditions=source'], ...options });
  return pool;
};
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const get = (p: WorkerPool, path: string) => p.fetch(new Request(`http://x${path}`));
const waitFor = async (check: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('worker pool failures', () => {
  it('answers 503 for a worker that exits, replaces it, and serves every later request', async () => {
    const p = await open();
    const lost = await get(p, '/exit');
    expect(lost.status).toBe(503);
    expect(lost.headers.get('retry-after')).toBe('1');
    expect((await lost.json()).detail).toMatch(/worker/);
    expect(p.stats().inFlight).toBe(0);
    await waitFor(() => p.stats().workers === 2);
    const later = await Promise.all([0, 1, 2, 3, 4, 5].map(() => get(p, '/ok?ms=20')));
    expect(later.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('terminates a worker that stops answering, answers its request with 503 and replaces it', async () => {
    const p = await open({ stuckMs: 400 });
    const began = Date.now();
    const stuck = await get(p, '/spin');
    expect(stuck.status).toBe(503);
    expect(Date.now() - began).toBeLessThan(5_000);
    await waitFor(() => p.stats().workers === 2);
    expect((await get(p, '/ok')).status).toBe(200);
    expect(p.stats()).toEqual({ inFlight: 0, queued: 0, workers: 2 });
  });

  it('answers 500 when the app throws and keeps the worker after an unhandled rejection', async () => {
    const p = await open();
    const failed = await get(p, '/throw');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ detail: 'Internal server error' });
    expect((await get(p, '/unhandled')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const threads = new Set((await Promise.all([0, 1, 2, 3].map(() => get(p, '/ok?ms=30').then((r) => r.json())))).map((b) => b.thread));
    expect(threads.size).toBe(2);
    expect(p.stats().workers).toBe(2);
  });

  it('answers TRACE twice with 405 and stays responsive', async () => {
    const p = await open();
    // Node's HTTP server hands TRACE over as a request object that still says TRACE.
    const trace = () => p.fetch({ method: 'TRACE', url: 'http://x/health', headers: new Headers(), body: null } as unknown as Request);
    for (const res of [await trace(), await trace()]) {
      expect(res.status).toBe(405);
      expect((await res.json()).detail).toMatch(/TRACE/);
    }
    expect((await get(p, '/ok')).status).toBe(200);
  });

  it('sheds load beyond the workers and the queue with 503 and Retry-After', async () => {
    const p = await open({ maxQueue: 2 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(p, '/ok?ms=200')));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 503, 503, 503, 503]);
    const shed = answers.find((r) => r.status === 503)!;
    expect(shed.headers.get('retry-after')).toBe('1');
    expect((await shed.json()).detail).toMatch(/busy/);
    expect(p.stats()).toEqual({ inFlight: 0, queued: 0, workers: 2 });
  });

  it('gives up a queued request at its deadline with 503 and one on a worker with 504', async () => {
    const p = await open({ size: 1, requestTimeoutMs: 300 });
    const [running, queued] = await Promise.all([get(p, '/ok?ms=1000'), get(p, '/ok?ms=10')]);
    expect(running.status).toBe(504);
    expect(queued.status).toBe(503);
    expect((await queued.json()).detail).toMatch(/300 ms/);
    // The worker still counts the request it is busy with until it answers.
    expect(p.stats().inFlight).toBe(1);
    await waitFor(() => p.stats().inFlight === 0);
    expect((await get(p, '/ok')).status).toBe(200);
  });

  it('refuses an oversized body with 413 while it streams, and a slow body with 408', async () => {
    const p = await open({ maxBodyBytes: 1000, bodyTimeoutMs: 300 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(400));
      },
    });
    const big = await p.fetch(new Request('http://x/ok', { method: 'POST', body: endless, duplex: 'half' } as RequestInit));
    expect(big.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    const declared = await p.fetch(new Request('http://x/ok', { method: 'POST', body: 'x', headers: { 'content-length': '5000000' } }));
    expect(declared.status).toBe(413);
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 200));
        controller.enqueue(new Uint8Array(1));
      },
    });
    const late = await p.fetch(new Request('http://x/ok', { method: 'POST', body: slow, duplex: 'half' } as RequestInit));
    expect(late.status).toBe(408);
    expect(p.stats()).toEqual({ inFlight: 0, queued: 0, workers: 2 });
    expect((await p.fetch(new Request('http://x/ok', { method: 'POST', body: 'abc' }))).status).toBe(200);
  });

  it('resolves idle() once nothing is in flight', async () => {
    const p = await open();
    const pending = get(p, '/ok?ms=200');
    let idle = false;
    const waited = p.idle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(idle).toBe(false);
    expect((await pending).status).toBe(200);
    await waited;
    expect(idle).toBe(true);
  });
});
