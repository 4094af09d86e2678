import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from './pool.ts';

describe('worker pool', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = await createWorkerPool({ size: 2, entry: new URL('./echo-worker.fixture.ts', import.meta.url), typescript: true, execArgv: ['--conditions=source'] });
  });
  afterAll(() => pool.close());

  it('forwards method, path, headers and body, and returns status, headers and body', async () => {
    const res = await pool.fetch(new Request('http://x/a/b?c=1', { method: 'POST', body: 'héllo', headers: { 'content-type': 'text/plain' } }));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(await res.json()).toMatchObject({ method: 'POST', path: '/a/b', type: 'text/plain', body: 'héllo' });
  });

  it('spreads concurrent requests over the workers', async () => {
    const answers = await Promise.all([0, 1, 2, 3].map(() => pool.fetch(new Request('http://x/', { method: 'POST', body: 'x' })).then((r) => r.json())));
    expect(new Set(answers.map((a) => a.thread)).size).toBe(2);
  });

  it("lets each worker read how many requests the pool's workers hold", async () => {
    const alone = await (await pool.fetch(new Request('http://x/', { method: 'POST', body: 'x' }))).json();
    expect(alone.busy).toBe(1);
    const together = await Promise.all([0, 1].map(() => pool.fetch(new Request('http://x/', { method: 'POST', body: 'x' })).then((r) => r.json())));
    expect(together.map((a) => a.busy)).toEqual([2, 2]);
  });
});
