/** The pool's figures for metrics: what is on a worker, what waits for one. */
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
    // A worker serves one request at a time (the echo worker holds each for 50 ms):
    // five over two workers, two served and three waiting for one.
    await expect.poll(() => pool.stats(), { interval: 2 }).toEqual({ inFlight: 2, queued: 3, workers: 2 });
    await Promise.all(answers);
    expect(pool.stats()).toEqual({ inFlight: 0, queued: 0, workers: 2 });
  });
});
