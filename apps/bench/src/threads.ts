/**
 * `npm run bench -- --threads`: the server's thread layouts side by side on
 * the latency targets. Each layout starts its own server; per
 * layout: face-detector on the 1920 px photos and
 * face-detector-template-extractor on the one-face 1920 px photo at
 * concurrency 1 (p50) and 2 (throughput), and the server's CPU time per
 * request (all its threads, from /proc), which says what a layout costs
 * when every core is busy.
 */
import { imageRequest as spec, measureLevels } from './levels.ts';
import type { RequestSpec } from './load.ts';
import type { BenchPhoto } from './photos.ts';
import { startServer } from './server.ts';
import { summarise, table } from './stats.ts';

/** Workers x ONNX Runtime intra-op threads: the default, two threads each, one worker with two threads. */
const LAYOUTS: [number, number][] = [
  [2, 1],
  [2, 2],
  [1, 2],
];

export async function benchThreads(root: string, photos: BenchPhoto[], onePhoto: BenchPhoto, requests: number): Promise<void> {
  const cases: [string, RequestSpec[]][] = [
    ['face-detector, 1920 px photos', photos.filter((p) => p.side === 1920).map((p) => spec('face-detector', p))],
    ['face-detector-template-extractor, one face 1920 px', [spec('face-detector-template-extractor', onePhoto)]],
  ];
  const rows: (string | number)[][] = [];
  for (const [workers, threads] of LAYOUTS) {
    const server = await startServer(root, { FACELAB_WORKERS: String(workers), FACELAB_THREADS: String(threads) });
    for (const [name, specs] of cases) {
      const { c1, cpuMs: cpu, rate1, rate2 } = await measureLevels(server, specs, requests);
      rows.push([`${workers} x ${threads}`, name, summarise(c1.latencies).p50, rate1, rate2, (rate2 / rate1).toFixed(2), cpu]);
    }
    await server.stop();
  }
  console.log('\n== thread layouts: workers x intra-op threads (FACELAB_WORKERS, FACELAB_THREADS) ==');
  console.log(table(['layout', 'request', 'c1 p50 ms', 'c1 req/s', 'c2 req/s', 'c2/c1', 'server CPU ms/req (c1)'], rows));
}
