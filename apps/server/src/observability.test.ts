/**
 * The front app over the real all-in-one app with real models: /metrics
 * counts what was served, and each request leaves one access-log line with
 * its fields and no picture or template bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from './app.ts';
import { createFrontApp } from './front.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type ServerMetrics } from './metrics.ts';

const photo = readFileSync(join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'));
// A run of base64 this long in a log line would be a picture or a template.
const BASE64_RUN = /[A-Za-z0-9+/]{64,}/;

let front: Hono;
let metrics: ServerMetrics;
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];

beforeAll(async () => {
  metrics = createMetrics();
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
      done();
    },
  });
  const log = createLogger({ level: 'info', destination });
  const app = await createServerApp({ threads: 1, onModelLoad: metrics.modelLoaded });
  front = createFrontApp({ fetch: app.fetch, log, metrics });
});

const lastLine = () => lines[lines.length - 1]!;

describe('metrics', () => {
  it('counts requests by service, route and status, with latency and unit times', async () => {
    const res = await front.request('/face-detector-face-fitter/v2/process/image', { method: 'POST', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(200);
    await front.request('/no-such-service/v2/process/image', { method: 'POST', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg' } });
    const scrape = await front.request('/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    expect(text).toContain('facelab_http_requests_total{service="face-detector-face-fitter",version="v2",route="process/image",status="200"} 1');
    // An unknown service is not a label of its own.
    expect(text).toContain('facelab_http_requests_total{service="unknown",version="v2",route="process/image",status="404"} 1');
    expect(text).not.toContain('no-such-service');
    expect(text).toMatch(/facelab_http_request_duration_seconds_count\{service="face-detector-face-fitter",version="v2",route="process\/image"\} 1/);
    for (const unit of ['detect', 'fit']) expect(text).toContain(`facelab_unit_duration_seconds_count{service="face-detector-face-fitter",unit="${unit}"} 1`);
    expect(text).toMatch(/facelab_model_load_seconds\{model="blazeface-back"\} \d/);
    const sessions = Number(/facelab_model_sessions_loaded (\d+)/.exec(text)?.[1]);
    expect(sessions).toBeGreaterThanOrEqual(10);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('reads the pool figures at each scrape', async () => {
    let queued = 0;
    metrics.watchPool(() => ({ inFlight: queued + 2, queued, workers: 2 }));
    queued = 3;
    const text = await (await front.request('/metrics')).text();
    expect(text).toContain('facelab_pool_in_flight 5');
    expect(text).toContain('facelab_pool_queued 3');
    expect(text).toContain('facelab_pool_workers 2');
  });
});

describe('access log', () => {
  it('writes one line per request with id, service, status, duration and face count', async () => {
    const res = await front.request('/face-detector/v2/process/image', { method: 'POST', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg', 'x-request-id': 'client-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('client-42');
    const faces = ((await res.json()) as { objects: unknown[] }).objects.length;
    expect(faces).toBeGreaterThan(0);
    expect(lastLine()).toMatchObject({ level: 'info', msg: 'request', reqId: 'client-42', method: 'POST', path: '/face-detector/v2/process/image', service: 'face-detector', version: 'v2', route: 'process/image', status: 200, faces, objects: faces });
    expect(lastLine().durationMs).toBeGreaterThan(0);
    expect(typeof lastLine().time).toBe('string');
  });

  it('never logs the picture or the templates of a sample', async () => {
    const body = JSON.stringify({ _image: { blob: photo.toString('base64'), format: 'IMAGE' }, objects: [] });
    const before = raw.length;
    const res = await front.request('/face-detector-template-extractor/v2/process/sample', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const answer = await res.text();
    expect(answer).toMatch(BASE64_RUN);
    const written = raw.slice(before);
    expect(written).toHaveLength(1);
    expect(written[0]).not.toMatch(BASE64_RUN);
    expect(lastLine()).toMatchObject({ service: 'face-detector-template-extractor', route: 'process/sample', status: 200 });
    expect(lastLine().faces).toBeGreaterThan(0);
  });

  it('gives a request without a usable id a new one, and logs a 4xx with its status', async () => {
    const res = await front.request('/age-estimator/v1/process/sample', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id "} with spaces' } });
    expect(res.status).toBe(422);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lastLine()).toMatchObject({ reqId: id, service: 'age-estimator', version: 'v1', status: 422 });
    expect(lastLine().faces).toBeUndefined();
  });
});
