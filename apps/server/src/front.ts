/**
 * The HTTP thread's app in front of the one that runs the models (in this
 * thread or in the worker pool): access log, metrics and `GET /metrics`;
 * every other request passes through untouched.
 *
 * @example
 * ```ts
 * const front = createFrontApp({ fetch: (await createServerApp()).fetch, log: createLogger(), metrics: createMetrics() });
 * serve({ fetch: front.fetch, port: 8080 });
 * ```
 */
import { Hono } from 'hono';
import { accessLog } from './access-log.ts';
import type { PinoLogger } from './logger.ts';
import type { ServerMetrics } from './metrics.ts';

export interface FrontOptions {
  /** The app that answers everything but /metrics. */
  fetch: (request: Request) => Response | Promise<Response>;
  log: PinoLogger;
  metrics: ServerMetrics;
}

export function createFrontApp(options: FrontOptions): Hono {
  const { metrics } = options;
  const app = new Hono();
  app.onError((error, c) => {
    options.log.error({ path: c.req.path, error: String(error?.stack ?? error) }, 'front failed');
    return c.json({ detail: 'Internal server error' }, 500);
  });
  app.use(accessLog(options.log, metrics));
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
  app.all('*', (c) => options.fetch(c.req.raw));
  return app;
}
