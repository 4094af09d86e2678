/**
 * What a request path names, as labels for metrics and fields for the
 * access log. Only the contract's route shapes keep their service name, and
 * a 404 drops it, so a client probing random paths cannot grow the number
 * of metric series without bound.
 */
export interface RouteLabels {
  /** The service segment, '' off the process routes, 'unknown' when the server answered 404. */
  service: string;
  /** 'v1', 'v2' or '' off the process routes. */
  version: string;
  /** 'process/sample', 'process/image', 'health', 'services', 'metrics', 'docs', 'openapi.json', 'index' or 'other'. */
  route: string;
}

const VERSIONED = /^\/([^/]+)\/(v1|v2)\/process\/(sample|image)\/?$/;
// The unversioned routes speak v1.
const UNVERSIONED = /^\/([^/]+)\/process\/(sample|image)\/?$/;
const NAMED = new Set(['health', 'services', 'metrics', 'docs', 'openapi.json']);

export function routeLabels(path: string, status: number): RouteLabels {
  const versioned = VERSIONED.exec(path);
  const unversioned = versioned ? null : UNVERSIONED.exec(path);
  if (versioned || unversioned) {
    const [, service, version, kind] = versioned ?? [unversioned![0], unversioned![1], 'v1', unversioned![2]];
    return { service: status === 404 ? 'unknown' : service!, version: version!, route: `process/${kind}` };
  }
  const name = path.replace(/^\/+|\/+$/g, '');
  return { service: '', version: '', route: name === '' ? 'index' : NAMED.has(name) ? name : 'other' };
}

/** Parses a `Server-Timing` header (`detect;dur=37.1, fit;dur=28.0`) into milliseconds per name. */
export function parseServerTiming(header: string | null): Map<string, number> {
  const timings = new Map<string, number>();
  for (const entry of (header ?? '').split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    const ms = dur ? Number(dur.slice(4)) : NaN;
    if (name && Number.isFinite(ms)) timings.set(name, ms);
  }
  return timings;
}
