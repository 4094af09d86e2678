/**
 * Fuzzing every route kind of every service of the all-in-one server with
 * real models, in-process: a few hundred generated hostile requests, each
 * answered with JSON, a 4xx with `detail` when wrong, never a 5xx nor NaN.
 * `npm run fuzz -- --requests 10000` runs the same cases over HTTP against
 * a started server. FUZZ_SEED replays a failing run.
 */
import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '@facelab/server';
import { fuzzPictures } from './fuzz/pictures.ts';
import { answerProblem, fuzzCases, type FuzzPictures } from './fuzz/requests.ts';
import { ROOT } from './helpers/server-process.ts';

let app: Hono;
let services: string[];
let pictures: FuzzPictures;
beforeAll(async () => {
  app = await createServerApp({ threads: 1 });
  services = (await (await app.request('/services')).json()).services.map((s: { name: string }) => s.name);
  pictures = await fuzzPictures(ROOT);
}, 120_000);

describe('fuzzed requests', () => {
  it('every request on every service gets JSON, a 4xx with detail when wrong, never a 5xx', async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(fuzzCases(services, pictures), async (c) => {
        const res = await app.request(c.path, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined });
        const problem = answerProblem(res.status, res.headers, await res.text(), c.method);
        expect(problem, `${c.method} ${c.path}`).toBeNull();
      }),
      { numRuns: 300, seed, endOnFailure: true },
    );
  }, 120_000);
});
