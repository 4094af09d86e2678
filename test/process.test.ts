/**
 * The real server process as a hostile client and an operator meet it:
 * methods fetch forbids, oversized, slow and short bodies, half-sent
 * headers, overload, API keys, and SIGTERM (through `npm start` too). Each
 * case gets its 4xx/503 in the contract's shape within seconds, and the
 * server keeps answering /health.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from './helpers/raw-http.ts';
import { alive, listening, startServerProcess, type ServerProcess } from './helpers/server-process.ts';

const photo = readFileSync(join(import.meta.dirname, '../node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const KEYS = 'first-key,second-key';
const auth = { authorization: 'Bearer second-key' };

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({
    FACELAB_WORKERS: '1',
    FACELAB_MAX_QUEUE: '1',
    FACELAB_BODY_TIMEOUT_MS: '1000',
    FACELAB_HEADERS_TIMEOUT_MS: '1500',
    FACELAB_API_KEYS: KEYS,
  });
}, 120_000);
afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
});

const health = async () => (await fetch(`${server.url}/health`)).status;
const head = (method: string, path: string, headers: Record<string, string | number> = {}) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer first-key\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('the server process against hostile clients', () => {
  it('answers TRACE twice with 405 and keeps serving', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await rawExchange(server.port, head('TRACE', '/health'), { timeoutMs: 10_000 });
      expect(res.status).toBe(405);
      expect(JSON.parse(res.body).detail).toMatch(/TRACE/);
    }
    expect(await health()).toBe(200);
    const services = await fetch(`${server.url}/services`, { headers: auth });
    expect(services.status).toBe(200);
  });

  it('401 in the contract shape without a valid key; /health stays open', async () => {
    const none = await fetch(`${server.url}/services`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await none.json()).detail).toMatch(/API key/);
    const wrong: Record<string, string>[] = [{ authorization: 'Bearer second-ke' }, { authorization: 'Bearer second-keyy' }, { 'x-api-key': 'nope' }, { authorization: 'Basic Zmlyc3Qta2V5' }];
    for (const headers of wrong) {
      expect((await fetch(`${server.url}/face-detector/v2/process/image`, { method: 'POST', headers, body: 'x' })).status).toBe(401);
    }
    expect((await fetch(`${server.url}/services`, { headers: { 'x-api-key': 'first-key' } })).status).toBe(200);
    expect((await fetch(`${server.url}/services`, { headers: { authorization: 'bearer second-key' } })).status).toBe(200);
  });

  it('413 for a 256 MB upload after reading a small part of it, or none with Expect: 100-continue', async () => {
    const rssBefore = server.rssMb();
    const expecting = await rawExchange(server.port, head('POST', '/face-detector/v2/process/image', { 'content-type': 'image/jpeg', 'content-length': 256e6, expect: '100-continue' }), { timeoutMs: 10_000 });
    expect(expecting.status).toBe(413);
    expect(expecting.sent).toBe(0);
    const res = await rawExchange(server.port, head('POST', '/face-detector/v2/process/image', { 'content-type': 'image/jpeg', 'content-length': 256e6 }), { endless: 1 << 20, endlessLimit: 256e6, timeoutMs: 20_000 });
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(100e6);
    expect(res.ms).toBeLessThan(5_000);
    // Without a declared length the cap applies while the body streams.
    const chunked = await rawExchange(server.port, head('POST', '/face-detector/v2/process/image', { 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' }), {
      chunks: Array.from({ length: 12 }, () => `100000\r\n${'A'.repeat(0x100000)}\r\n`),
      timeoutMs: 20_000,
    });
    expect(chunked.status).toBe(413);
    expect(server.rssMb() - rssBefore).toBeLessThan(200);
    expect(await health()).toBe(200);
  });

  it('408 within seconds for a body sent a byte at a time, and for a Content-Length longer than the body', async () => {
    const slow = await rawExchange(server.port, head('POST', '/face-detector/v2/process/sample', { 'content-type': 'application/json', 'content-length': 100 }), {
      chunks: Array.from({ length: 100 }, () => '{'),
      gapMs: 200,
    });
    expect(slow.status).toBe(408);
    expect(slow.ms).toBeLessThan(5_000);
    const short = await rawExchange(server.port, head('POST', '/face-detector/v2/process/sample', { 'content-type': 'application/json', 'content-length': 1000 }), { chunks: ['{"objects": []}'] });
    expect(short.status).toBe(408);
    expect(JSON.parse(short.body).detail).toMatch(/did not arrive within 1000 ms/);
    expect(short.ms).toBeLessThan(5_000);
  });

  it('408 and a closed connection for headers that never end; 400 in the contract shape for malformed HTTP', async () => {
    const res = await rawExchange(server.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', { chunks: ['a', 'b', 'c'], gapMs: 400, timeoutMs: 15_000 });
    expect(res.ms).toBeLessThan(6_000);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).detail).toMatch(/in time/);
    for (const request of ['GET /health HTTP/1.1\r\nHost: bad host\r\n\r\n', 'FOO /health HTTP/1.1\r\nHost: x\r\n\r\n', 'hello\r\n\r\n']) {
      const bad = await rawExchange(server.port, request, { timeoutMs: 10_000 });
      expect({ request, status: bad.status }).toEqual({ request, status: 400 });
      expect(JSON.parse(bad.body).detail).toBeDefined();
    }
    expect(await health()).toBe(200);
  });

  it('sheds load beyond the worker and the queue with 503 and Retry-After, and serves the admitted', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${server.url}/face-detector/v2/process/image`, { method: 'POST', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg', ...auth } })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const shed = answers.filter((r) => r.status === 503);
    expect(shed.length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    for (const res of shed) {
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await res.json()).detail).toMatch(/busy/);
    }
    expect(await health()).toBe(200);
  });

  it('on SIGTERM finishes the request in flight, refuses new work, frees the port and exits 0', async () => {
    // 64 faces to estimate: seconds of work on any machine, so the signal comes mid-request.
    const sample = { _image: { blob: photo.toString('base64'), format: 'IMAGE' }, objects: Array.from({ length: 64 }, (_, id) => ({ id, class: 'face', bbox: [0.2, 0.15, 0.4, 0.45] })) };
    const inFlight = fetch(`${server.url}/age-estimator/v2/process/sample`, { method: 'POST', body: JSON.stringify(sample), headers: { 'content-type': 'application/json', ...auth } });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(server.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const late = await fetch(`${server.url}/health`).then((r) => r.status, () => 'refused');
    expect([503, 'refused']).toContain(late);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json()).objects.length).toBeGreaterThan(0);
    expect(await server.exited).toBe(0);
    // The request was still being served when the signal came.
    const stopping = JSON.parse(server.log().split('\n').find((l) => l.includes('facelab stopping'))!);
    expect(stopping.inFlight + stopping.queued).toBe(1);
    expect(await listening(server.port)).toBe(false);
    expect(server.log()).toMatch(/facelab stopped/);
  });
});

describe('npm start', () => {
  it('forwards SIGTERM to the server: no process is left and the port is free', async () => {
    const started = await startServerProcess({ FACELAB_WORKERS: '1' }, 'npm');
    expect(started.pid).not.toBe(started.child.pid);
    expect((await fetch(`${started.url}/health`)).status).toBe(200);
    // What a process manager (docker stop, systemd) does: SIGTERM to npm, the process it started.
    started.child.kill('SIGTERM');
    await started.exited;
    const end = Date.now() + 10_000;
    while (alive(started.pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(alive(started.pid)).toBe(false);
    expect(await listening(started.port)).toBe(false);
    expect(started.log()).toMatch(/facelab stopped/);
  }, 120_000);
});
