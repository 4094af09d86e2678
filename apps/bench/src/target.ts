/**
 * `npm run bench -- --target`: only the issue's latency targets, quickly,
 * with the server's CPU per request: face-detector-template-extractor on
 * the one-face 1920 px photo, face-detector and the same template service
 * on the six 1920 px photos,
 * at concurrency 1 (p50, CPU ms per request) and 2 (throughput, c2/c1).
 * The server's environment passes through (FACELAB_WORKERS, FACELAB_THREADS,
 * FACELAB_BENCH_PORT), so layouts can be compared one run each.
 */
import { imageRequest as spec, measureLevels } from './levels.ts';
import type { RequestSpec } from './load.ts';
import type { BenchPhoto } from './photos.ts';
import { startServer } from './server.ts';
import { summarise, table } from './stats.ts';

export async function benchTargets(root: string, photos: BenchPhoto[], onePhoto: BenchPhoto, requests: number): Promise<void> {
  const cases: [string, RequestSpec[]][] = [
    ['face-detector-template-extractor, one face 1920 px', [spec('face-detector-template-extractor', onePhoto)]],
    ['face-detector, 1920 px photos', photos.filter((p) => p.side === 1920).map((p) => spec('face-detector', p))],
    // Group photos whose faces are too small for the face copy decoded ahead: what that costs.
    ['face-detector-template-extractor, 1920 px photos', photos.filter((p) => p.side === 1920).map((p) => spec('face-detector-template-extractor', p))],
  ];
  const server = await startServer(root);
  const rows: (string | number)[][] = [];
  const parts: string[] = [];
  for (const [name, specs] of cases) {
    const { c1, cpuMs: cpu, rate1, rate2 } = await measureLevels(server, specs, requests);
    const s = summarise(c1.latencies);
    rows.push([name, s.p50, s.p95, cpu, rate1, rate2, (rate2 / rate1).toFixed(2)]);
    parts.push(`${name}: ${Object.entries(c1.breakdown).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  }
  await server.stop();
  console.log(`\n== targets (${requests} requests a level; target p50 <= 60 and <= 30 ms, c2/c1 >= 1.7) ==`);
  console.log(table(['request', 'c1 p50', 'c1 p95', 'server CPU ms/req (c1)', 'c1 req/s', 'c2 req/s', 'c2/c1'], rows));
  console.log(parts.join('\n'));
}
