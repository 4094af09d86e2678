/**
 * Prometheus metrics, observed on the HTTP thread so that one registry sees
 * every request whichever worker served it: requests by service, route and
 * status, latency per service, time per unit (read from the `Server-Timing`
 * header each response carries, so the workers stay untouched), requests in
 * flight and queued in the worker pool, and model load times. Plus the
 * process figures prom-client collects by default (CPU, memory, event loop).
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * metrics.watchPool(() => pool.stats());
 * const front = createFrontApp({ fetch: pool.fetch, metrics, log });   // serves GET /metrics
 * ```
 */
import { BroadcastChannel } from 'node:worker_threads';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { parseServerTiming, type RouteLabels } from './route-labels.ts';

export interface PoolStats {
  inFlight: number;
  queued: number;
  workers: number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** Records one answered request: its labels, status, seconds and the response's Server-Timing header. */
  observeRequest(labels: RouteLabels, status: number, seconds: number, serverTiming: string | null): void;
  /** Counts a request while it is being answered. */
  trackInFlight(delta: 1 | -1): void;
  /** Records one model session loaded (in this thread or a worker). */
  modelLoaded(model: string, seconds: number): void;
  /** Reads the pool's figures at every scrape. */
  watchPool(stats: () => PoolStats): void;
  /** Listens for the model loads the workers announce on MODEL_LOADS_CHANNEL. */
  listenToWorkers(): void;
  /** Stops listening to the workers. */
  close(): void;
}

/** The channel on which a worker announces the models it loaded (see worker.ts). */
export const MODEL_LOADS_CHANNEL = 'facelab:model-loads';

export interface ModelLoad {
  model: string;
  seconds: number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({ name: 'facelab_http_requests_total', help: 'HTTP requests answered, by service, contract version, route and status', labelNames: ['service', 'version', 'route', 'status'], registers });
  const latency = new Histogram({ name: 'facelab_http_request_duration_seconds', help: 'Time to answer a request, by service, contract version and route', labelNames: ['service', 'version', 'route'], buckets: LATENCY_BUCKETS, registers });
  const units = new Histogram({ name: 'facelab_unit_duration_seconds', help: 'Time of one pipeline unit in a request, by service and unit (from Server-Timing)', labelNames: ['service', 'unit'], buckets: LATENCY_BUCKETS, registers });
  const inFlight = new Gauge({ name: 'facelab_http_requests_in_flight', help: 'Requests received and not yet answered', registers });
  const modelLoadSeconds = new Gauge({ name: 'facelab_model_load_seconds', help: 'Slowest load of each model session (every worker loads its own)', labelNames: ['model'], registers });
  const modelsLoaded = new Gauge({ name: 'facelab_model_sessions_loaded', help: 'Model sessions loaded, over all workers', registers });
  let poolStats: (() => PoolStats) | undefined;
  const poolGauge = (name: string, help: string, pick: (s: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (poolStats) this.set(pick(poolStats()));
      },
    });
  poolGauge('facelab_pool_in_flight', 'Requests handed to the worker pool and not yet answered', (s) => s.inFlight);
  poolGauge('facelab_pool_queued', 'Requests waiting behind another in their worker', (s) => s.queued);
  poolGauge('facelab_pool_workers', 'Workers in the pool', (s) => s.workers);

  const slowest = new Map<string, number>();
  let channel: BroadcastChannel | undefined;
  const metrics: ServerMetrics = {
    registry,
    observeRequest(labels, status, seconds, serverTiming) {
      requests.inc({ ...labels, status: String(status) });
      latency.observe({ ...labels }, seconds);
      if (!labels.route.startsWith('process/') || status >= 300) return;
      for (const [unit, ms] of parseServerTiming(serverTiming)) {
        if (unit !== 'total') units.observe({ service: labels.service, unit }, ms / 1000);
      }
    },
    trackInFlight(delta) {
      inFlight.inc(delta);
    },
    modelLoaded(model, seconds) {
      modelsLoaded.inc();
      if (seconds > (slowest.get(model) ?? -1)) {
        slowest.set(model, seconds);
        modelLoadSeconds.set({ model }, seconds);
      }
    },
    watchPool(stats) {
      poolStats = stats;
    },
    listenToWorkers() {
      channel ??= new BroadcastChannel(MODEL_LOADS_CHANNEL);
      channel.onmessage = (event) => {
        for (const load of (event as unknown as { data: ModelLoad[] }).data) metrics.modelLoaded(load.model, load.seconds);
      };
      // Listening must not keep the process alive.
      channel.unref();
    },
    close() {
      channel?.close();
      channel = undefined;
    },
  };
  return metrics;
}
