/**
 * `npm run fuzz -- --requests 10000 [--concurrency 4] [--port 0] [--seed N]`:
 * starts the server as `npm start` would (node with tsx, on 127.0.0.1),
 * sends generated hostile requests over HTTP (TRACE included, and now and
 * then a body that stalls or falls short of its Content-Length), then
 * prints the count of each status, the 5xx (a 503 shedding load with
 * Retry-After counted apart), the hangs (no answer within 60 s), the
 * largest resident memory seen, and whether /health still answers.
 */
import { request as httpRequest, Agent } from 'node:http';
import fc from 'fast-check';
import { rawExchange } from '../helpers/raw-http.ts';
import { ROOT, startServerProcess } from '../helpers/server-process.ts';
import { fuzzPictures } from './pictures.ts';
import { answerProblem, fuzzCases, type FuzzCase } from './requests.ts';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const total = arg('requests', 10_000);
const concurrency = arg('concurrency', 4);
const seed = arg('seed', Date.now() % 2 ** 31);
const HANG_MS = 60_000;

const server = await startServerProcess({ PORT: String(arg('port', 0)) });
console.log(`server on ${server.url} (pid ${server.pid}), RSS after start ${server.rssMb().toFixed(0)} MB; ${total} requests, concurrency ${concurrency}, seed ${seed}`);
const services: string[] = (await (await fetch(`${server.url}/services`)).json()).services.map((s: { name: string }) => s.name);
const cases = fc.sample(fuzzCases(services, await fuzzPictures(ROOT), ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE']), { numRuns: total, seed });

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
type Answer = { status: number; headers: { get(name: string): string | null }; text: string } | 'hang' | 'reset';

function send(c: FuzzCase): Promise<Answer> {
  return new Promise((resolve) => {
    const req = httpRequest(`${server.url}${c.path}`, { method: c.method, headers: c.body ? { ...c.headers, 'content-length': String(c.body.byteLength) } : c.headers, agent, timeout: HANG_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: { get: (name) => (res.headers[name.toLowerCase()] as string | undefined) ?? null }, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve('reset'));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve('hang');
    });
    req.on('error', () => resolve('reset'));
    req.end(c.body ? Buffer.from(c.body) : undefined);
  });
}

/** Now and then a client that stalls: half a body, or a Content-Length longer than what it sends. */
async function stall(i: number): Promise<Answer> {
  const head = `POST /face-detector/v2/process/sample HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${i % 2 ? 100 : 10_000}\r\n\r\n`;
  const res = await rawExchange(server.port, head, { chunks: ['{"objects": ['], timeoutMs: HANG_MS });
  if (res.status === null) return res.ms >= HANG_MS ? 'hang' : 'reset';
  return { status: res.status, headers: { get: (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(res.head)?.[1]?.trim() ?? null }, text: res.body };
}

const counts = new Map<string, number>();
const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const problems: string[] = [];
let rssMax = server.rssMb();
const sampler = setInterval(() => {
  try {
    rssMax = Math.max(rssMax, server.rssMb());
  } catch {
    // the server is gone: reported below
  }
}, 200);
let next = 0;
let done = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      const answer = i % 1000 === 999 ? await stall(i) : await send(c);
      if (answer === 'hang' || answer === 'reset') {
        bump(answer);
        problems.push(`${answer}: ${c.method} ${c.path}`);
      } else {
        bump(String(answer.status));
        if (answer.status === 503 && answer.headers.get('retry-after')) bump('shed');
        const problem = answerProblem(answer.status, answer.headers, answer.text, c.method);
        if (problem) problems.push(`${c.method} ${c.path}: ${problem}`);
      }
      if (++done % 1000 === 0) console.log(`  ${done} done, ${((performance.now() - began) / 1000).toFixed(0)} s, RSS max ${rssMax.toFixed(0)} MB`);
    }
  }),
);
clearInterval(sampler);
const seconds = (performance.now() - began) / 1000;
const statuses = [...counts.entries()].filter(([k]) => /^\d+$/.test(k)).sort();
const fivexx = statuses.filter(([k]) => Number(k) >= 500).reduce((n, [, v]) => n + v, 0);
const healthAfter = await fetch(`${server.url}/health`).then((r) => r.status, () => 0);

console.log(`\n${done} requests in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(1)}/s), seed ${seed}`);
console.log(`statuses: ${statuses.map(([k, v]) => `${k}: ${v}`).join(', ')}`);
console.log(`5xx: ${fivexx - (counts.get('shed') ?? 0)}, besides ${counts.get('shed') ?? 0} 503 shedding load with Retry-After`);
console.log(`hangs (no answer in ${HANG_MS / 1000} s): ${counts.get('hang') ?? 0}; connections reset: ${counts.get('reset') ?? 0}`);
console.log(`RSS max ${rssMax.toFixed(0)} MB (target < 1200)`);
console.log(`/health after: ${healthAfter}`);
console.log(`problems: ${problems.length}${problems.length ? `\n  ${problems.slice(0, 30).join('\n  ')}` : ''}`);
agent.destroy();
process.kill(server.pid, 'SIGTERM');
console.log(`server exit code after SIGTERM: ${await server.exited}`);
process.exit(problems.length === 0 && healthAfter === 200 ? 0 : 1);
