/**
 * Mounts the demo page at `/`, the API explorer at `/docs` and the OpenAPI
 * document at `/openapi.json` on a facelab app. Everything is served by the
 * app itself: no CDN, no build step.
 *
 * @example
 * ```ts
 * import { resolveServices } from '@facelab/core';
 * import { mountWeb } from '@facelab/web';
 * import { fileAssets } from '@facelab/web/files';
 *
 * const app = await createImageApi({ plugins, inference, imageCodec });
 * mountWeb(app, { services: resolveServices(plugins), assets: fileAssets() });
 * ```
 */
import type { Context, Hono } from 'hono';
import { etag } from 'hono/etag';
import type { ResolvedService } from '@facelab/core';
import { contentTypeOf, type AssetName, type AssetReader } from './assets.ts';
import { openApiDocument, type OpenApiOptions } from './openapi/document.ts';

export interface WebOptions {
  /** The services the app serves, as `resolveServices(plugins)` gives them. */
  services: ReadonlyMap<string, ResolvedService>;
  assets: AssetReader;
  openapi?: OpenApiOptions;
}

/** URL path → file; the pages refer to their files by these paths. */
const ROUTES: Record<string, AssetName> = {
  '/': 'index.html',
  '/demo/demo.css': 'demo.css',
  '/demo/demo.js': 'demo.js',
  '/demo/api.js': 'api.js',
  '/demo/draw.js': 'draw.js',
  '/demo/view.js': 'view.js',
  '/docs': 'docs.html',
  '/docs/docs.js': 'docs.js',
  '/docs/swagger-ui-bundle.js': 'swagger-ui-bundle.js',
  '/docs/swagger-ui.css': 'swagger-ui.css',
};

export function mountWeb(app: Hono, options: WebOptions): Hono {
  let document: string | undefined;
  app.get('/openapi.json', etag(), (c) => {
    document ??= JSON.stringify(openApiDocument(options.services, options.openapi));
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  const cache = new Map<AssetName, Promise<Uint8Array>>();
  const serve = async (c: Context, name: AssetName): Promise<Response> => {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = options.assets(name);
      cache.set(name, bytes);
      // A failed read is retried on the next request instead of being cached.
      bytes.catch(() => cache.delete(name));
    }
    return c.body((await bytes) as Uint8Array<ArrayBuffer>, 200, { 'content-type': contentTypeOf(name), 'cache-control': 'no-cache' });
  };
  // no-cache with an ETag: a browser asks again each time and gets a 304 while the file is unchanged.
  for (const [path, name] of Object.entries(ROUTES)) app.get(path, etag(), (c) => serve(c, name));
  return app;
}
