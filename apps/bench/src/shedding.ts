/**
 * Overload: closed-loop clients at concurrency 4 and 64 against the
 * server's default admission control (a bounded queue per server). At 64
 * the excess must be shed with 503 + Retry-After, and the requests that
 * are admitted must stay fast: their p99 within 2x of the p99 at 4.
 * A shed client tries again after `retryPauseMs`: the Retry-After the
 * server sends (1 s, a well-behaved client), or 100 ms (an impatient one;
 * its 503 storm competes for the same cores when the clients run on the
 * server's machine, as here).
 */
import type { RequestSpec } from './load.ts';
import { summarise } from './stats.ts';

export interface SheddingResult {
  concurrency: number;
  retryPauseMs: number;
  admitted: number;
  shed: number;
  /** Shed answers that lacked Retry-After or the `detail` shape. */
  badShed: number;
  other: number;
  latencies: number[];
  seconds: number;
}

export async function runShedding(url: string, specs: RequestSpec[], concurrency: number, admittedTarget: number, retryPauseMs: number): Promise<SheddingResult> {
  const latencies: number[] = [];
  let shed = 0;
  let badShed = 0;
  let other = 0;
  let next = 0;
  const began = performance.now();
  const client = async (): Promise<void> => {
    while (latencies.length < admittedTarget) {
      const spec = specs[next++ % specs.length];
      const start = performance.now();
      const res = await fetch(url + spec.path, { method: 'POST', body: spec.body, headers: { 'content-type': spec.contentType } });
      const text = await res.text();
      if (res.status === 200) latencies.push(performance.now() - start);
      else if (res.status === 503) {
        shed++;
        if (!res.headers.get('retry-after') || JSON.parse(text).detail === undefined) badShed++;
        await new Promise((r) => setTimeout(r, retryPauseMs));
      } else other++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { concurrency, retryPauseMs, admitted: latencies.length, shed, badShed, other, latencies, seconds: (performance.now() - began) / 1000 };
}

/** Adds up runs of the same setting (rounds interleave the settings, so drifting load on a shared machine hits each alike). */
export function mergeShedding(runs: SheddingResult[]): SheddingResult & { p50: number; p99: number } {
  const merged = runs.reduce((a, b) => ({ ...a, admitted: a.admitted + b.admitted, shed: a.shed + b.shed, badShed: a.badShed + b.badShed, other: a.other + b.other, latencies: [...a.latencies, ...b.latencies], seconds: a.seconds + b.seconds }));
  const s = summarise(merged.latencies);
  return { ...merged, p50: s.p50, p99: s.p99 };
}
