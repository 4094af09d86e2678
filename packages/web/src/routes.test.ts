/**
 * The web routes serve their files from disk with the right types and
 * ETags, and the document of a server without services is still valid
 * structure (the full server's document is tested in test/openapi.test.ts).
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { resolveServices } from '@facelab/core';
import { mountWeb } from './routes.ts';
import { fileAssets } from './files.ts';

const app = mountWeb(new Hono(), { services: resolveServices([]), assets: fileAssets(), openapi: { title: 'empty' } });

describe('mountWeb', () => {
  it.each([
    ['/', 'text/html', '<title>facelab demo</title>'],
    ['/demo/demo.js', 'text/javascript', "from './api.js'"],
    ['/demo/api.js', 'text/javascript', 'process/image'],
    ['/demo/draw.js', 'text/javascript', 'drawPicture'],
    ['/demo/view.js', 'text/javascript', 'objectRows'],
    ['/demo/demo.css', 'text/css', '--box'],
    ['/docs', 'text/html', 'docs/swagger-ui-bundle.js'],
    ['/docs/docs.js', 'text/javascript', 'validatorUrl: null'],
    ['/docs/swagger-ui-bundle.js', 'text/javascript', 'SwaggerUIBundle'],
    ['/docs/swagger-ui.css', 'text/css', '.swagger-ui'],
  ])('serves %s as %s', async (path, type, content) => {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(await response.text()).toContain(content);
    const again = await app.request(path, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves the document of the services it is given, even none', async () => {
    const response = await app.request('/openapi.json');
    const doc = await response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('empty');
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/services', '/{service}/process/image', '/{service}/process/sample']);
  });

  it('leaves other paths to the app', async () => {
    expect((await app.request('/docs/other.js')).status).toBe(404);
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });
});
