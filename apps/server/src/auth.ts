/**
 * Optional API keys (FACELAB_API_KEYS): with keys set, every request but
 * the open paths (/health, for load balancers) must carry one, as
 * `Authorization: Bearer <key>` or `X-API-Key: <key>`; otherwise a 401 in
 * the contract's shape, before the body is read or a worker is involved.
 * Keys are compared as SHA-256 digests with timingSafeEqual, against every
 * key, so the answer's timing says nothing about how much of a key matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { detailResponse } from '@facelab/core';

type Fetch = (request: Request) => Promise<Response>;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function presentedKey(request: Request): string | undefined {
  const authorization = request.headers.get('authorization');
  const bearer = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
  return bearer ?? request.headers.get('x-api-key')?.trim() ?? undefined;
}

/**
 * @example
 * ```ts
 * serve({ fetch: requireApiKey(['s3cret'], pool.fetch), port: 8080 });
 * ```
 */
export function requireApiKey(keys: readonly string[], next: Fetch, openPaths: readonly string[] = ['/health']): Fetch {
  if (keys.length === 0) return next;
  const digests = keys.map(digest);
  return async (request) => {
    if (openPaths.includes(new URL(request.url).pathname)) return next(request);
    const key = presentedKey(request);
    let match = false;
    if (key) {
      const presented = digest(key);
      for (const known of digests) match = timingSafeEqual(presented, known) || match;
    }
    if (match) return next(request);
    return detailResponse(401, key ? 'Invalid API key' : 'Missing API key: send Authorization: Bearer <key> or X-API-Key: <key>', { 'www-authenticate': 'Bearer' });
  };
}
