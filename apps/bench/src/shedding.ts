/**
 * Overload: closed-loop clients at concurrency 4 and 64 against the
 * server's default admission control (a bounded queue per server). At 64
 * the excess must be shed with 503 + Retry-After, and the requests that
 * are admitted must stay fast: their p99 within 2x of the p99 at 4.
 * A shed client waits 100 ms before trying again (a real client would
 * honour Retry-After; a shorter pause keeps the pressure on).
 */
import type { RequestSpec } from './load.ts';
import { summarise } from './stats.ts';

export interface SheddingResult {
  concurrency: number;
  admitted: number;
  shed: number;
  /** Shed answers that lacked Retry-After or the `detail` shape. */
  badShed: number;
  other: number;
  p50: number;
  p99: number;
  seconds: number;
}

export async function runShedding(url: string, specs: RequestSpec[], concurrency: number, admittedTarget: number): Promise<SheddingResult> {
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
        await new Promise((r) => setTimeout(r, 100));
      } else other++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const s = summarise(latencies);
  return { concurrency, admitted: latencies.length, shed, badShed, other, p50: s.p50, p99: s.p99, seconds: (performance.now() - began) / 1000 };
}
