/**
 * The server as users start it (main.ts in its own process, a pool of two
 * workers): the HTTP thread's /metrics sees the pool and the models every
 * worker loaded, and the access log goes to stdout as JSON lines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess, type ServerProcess } from '../../../test/helpers/server-process.ts';

const photo = readFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample2.jpg'));

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ FACELAB_WORKERS: '2', FACELAB_THREADS: '1', LOG_LEVEL: 'info' });
});
afterAll(() => server?.stop());

describe('server process', () => {
  it('serves /metrics with the pool and the model loads of both workers', async () => {
    const res = await fetch(`${server.url}/face-detector/v1/process/image`, { method: 'POST', body: photo, headers: { 'content-type': 'image/jpeg', 'x-request-id': 'proc-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('proc-1');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('facelab_pool_workers 2');
    expect(text).toContain('facelab_pool_in_flight 0');
    expect(text).toContain('facelab_http_requests_total{service="face-detector",version="v1",route="process/image",status="200"} 1');
    expect(text).toContain('facelab_unit_duration_seconds_count{service="face-detector",unit="detect"} 1');
    // Every worker loads its own sessions: twice the models of one.
    const perModel = [...text.matchAll(/^facelab_model_load_seconds\{model="([^"]+)"\}/gm)].map((m) => m[1]);
    expect(perModel).toEqual(expect.arrayContaining(['blazeface-back', 'facemesh', 'faceres']));
    expect(Number(/^facelab_model_sessions_loaded (\d+)/m.exec(text)?.[1])).toBe(2 * perModel.length);
  });

  it('writes the access log as JSON lines on stdout', async () => {
    await expect.poll(() => server.lines().some((l) => l.includes('"proc-1"'))).toBe(true);
    const line = JSON.parse(server.lines().find((l) => l.includes('"proc-1"'))!);
    expect(line).toMatchObject({ level: 'info', msg: 'request', reqId: 'proc-1', service: 'face-detector', version: 'v1', status: 200 });
    expect(line.faces).toBeGreaterThan(0);
    for (const l of server.lines()) expect(() => JSON.parse(l)).not.toThrow();
  });
});
