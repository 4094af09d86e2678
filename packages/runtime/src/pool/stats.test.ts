/** The pool's figures for metrics: what is in flight, what waits behind another request in its worker. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from './pool.ts';

describe('worker pool stats', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = await createWorkerPool({ size: 2, entry: new URL('./echo-worker.fixture.ts', import.meta.url), typescript: true, execArgv: ['--conditions=source'] });
  });
  afterAll(() => pool.close());

  it('counts requests in flight and queued while they run, and none after', async () => {
    expect(pool.stats()).toEqual({ inFlight: 0, queued: 0, workers: 2 });
    const answers = [0, 1, 2, 3, 4].map(() => pool.fetch(new Request('http://x/', { method: 'POST', body: 'x' })));
    // The bodies are read before a worker is chosen: wait until all five are handed over
    // (the echo worker holds each for 50 ms). Five over two workers: two served, three waiting.
    await expect.poll(() => pool.stats(), { interval: 2 }).toEqual({ inFlight: 5, queued: 3, workers: 2 });
    await Promise.all(answers);
    expect(pool.stats()).toEqual({ inFlight: 0, queued: 0, workers: 2 });
  });
});
