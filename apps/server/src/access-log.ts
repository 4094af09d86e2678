/**
 * Access log: one JSON line per request with its id, method, path, service,
 * route, status, duration and the number of faces (and objects) in the
 * answer. Bodies never reach the log: no image, no template, no query.
 *
 * The request id is the client's `X-Request-Id` when it is a plain token
 * (letters, digits, `._:-`, up to 128), else a new UUID; it is returned in
 * the response's `X-Request-Id` either way.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { PinoLogger } from './logger.ts';
import type { ServerMetrics } from './metrics.ts';
import { routeLabels } from './route-labels.ts';

const TOKEN = /^[\w.:-]{1,128}$/;

export function requestId(header: string | undefined): string {
  return header && TOKEN.test(header) ? header : randomUUID();
}

/** Counts the objects of a JSON answer, and the faces among them, without keeping the body. */
export async function countObjects(response: Response): Promise<{ faces: number; objects: number } | undefined> {
  if (!response.headers.get('content-type')?.includes('application/json')) return undefined;
  try {
    const body = (await response.clone().json()) as { objects?: unknown };
    if (!Array.isArray(body.objects)) return undefined;
    const faces = body.objects.filter((o) => (o as { class?: unknown } | null)?.class === 'face').length;
    return { faces, objects: body.objects.length };
  } catch {
    return undefined;
  }
}

/**
 * Logs and measures every request that passes through. `metrics` is optional
 * so the log can be used alone.
 */
export function accessLog(log: PinoLogger, metrics?: ServerMetrics): MiddlewareHandler {
  return async (c, next) => {
    const id = requestId(c.req.header('x-request-id'));
    const began = performance.now();
    metrics?.trackInFlight(1);
    try {
      await next();
    } finally {
      metrics?.trackInFlight(-1);
    }
    const seconds = (performance.now() - began) / 1000;
    c.header('X-Request-Id', id);
    const status = c.res.status;
    const labels = routeLabels(c.req.path, status);
    metrics?.observeRequest(labels, status, seconds, c.res.headers.get('server-timing'));
    const counts = labels.route.startsWith('process/') && status < 300 ? await countObjects(c.res) : undefined;
    const fields = {
      reqId: id,
      method: c.req.method,
      path: c.req.path,
      ...(labels.service ? { service: labels.service, version: labels.version } : {}),
      route: labels.route,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...counts,
    };
    if (status >= 500) log.error(fields, 'request failed');
    else log.info(fields, 'request');
  };
}
