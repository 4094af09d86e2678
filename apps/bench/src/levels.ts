/**
 * One request mix at concurrency 1 and 2 on a running server: latencies and
 * throughput at each level, and the server's CPU per request at level 1
 * (all its threads, from /proc). Shared by `--target` and `--threads`.
 */
import { runLoad, type LoadResult, type RequestSpec } from './load.ts';
import type { BenchPhoto } from './photos.ts';
import { serverCpuMs, type RunningServer } from './server.ts';

export interface LevelFigures {
  c1: LoadResult;
  c2: LoadResult;
  /** Requests per second at concurrency 1 and 2. */
  rate1: number;
  rate2: number;
  /** Server CPU milliseconds per request at concurrency 1. */
  cpuMs: number;
}

/** A v2 process/image request of `service` with the photo's JPEG as the body. */
export function imageRequest(service: string, photo: BenchPhoto): RequestSpec {
  return { path: `/${service}/v2/process/image`, body: new Uint8Array(photo.bytes), contentType: 'image/jpeg' };
}

export async function measureLevels(server: RunningServer, specs: RequestSpec[], requests: number): Promise<LevelFigures> {
  await runLoad(server.url, specs, 2, 6); // warm-up
  const before = serverCpuMs(server);
  const c1 = await runLoad(server.url, specs, 1, requests);
  const cpuMs = (serverCpuMs(server) - before) / requests;
  const c2 = await runLoad(server.url, specs, 2, requests);
  return { c1, c2, cpuMs, rate1: c1.latencies.length / c1.seconds, rate2: c2.latencies.length / c2.seconds };
}
