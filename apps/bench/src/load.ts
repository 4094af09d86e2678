/**
 * Sends requests over real HTTP with a fixed concurrency and records each
 * one's latency and the server's own breakdown (Server-Timing).
 */
export interface RequestSpec {
  path: string;
  body: BodyInit;
  contentType: string;
}

export interface LoadResult {
  latencies: number[];
  seconds: number;
  failures: number;
  /** Mean milliseconds per Server-Timing entry. */
  breakdown: Record<string, number>;
}

export async function runLoad(url: string, specs: RequestSpec[], concurrency: number, total: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const sums: Record<string, number> = {};
  let failures = 0;
  let next = 0;
  const began = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const spec = specs[next++ % specs.length];
      const start = performance.now();
      const res = await fetch(url + spec.path, { method: 'POST', body: spec.body, headers: { 'content-type': spec.contentType } });
      await res.arrayBuffer();
      latencies.push(performance.now() - start);
      if (!res.ok) failures++;
      for (const part of (res.headers.get('server-timing') ?? '').split(',')) {
        const m = /^\s*([\w.-]+);dur=([\d.]+)/.exec(part);
        if (m) sums[m[1]] = (sums[m[1]] ?? 0) + Number(m[2]);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - began) / 1000;
  const breakdown = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / latencies.length]));
  return { latencies, seconds, failures, breakdown };
}
