/**
 * The files the web routes serve, by name. Reading them is the host's job
 * (`fileAssets()` from `@facelab/web/files` on Node and Bun), so these
 * routes stay runtime-neutral.
 */

/** The demo page, the explorer page and their scripts (public/), and the two files of swagger-ui-dist the explorer runs on. */
export const ASSET_NAMES = ['index.html', 'demo.css', 'demo.js', 'api.js', 'draw.js', 'view.js', 'docs.html', 'docs.js', 'swagger-ui-bundle.js', 'swagger-ui.css'] as const;

export type AssetName = (typeof ASSET_NAMES)[number];

/** Returns a file's bytes; called once per name, the routes keep what it returns. */
export type AssetReader = (name: AssetName) => Promise<Uint8Array>;

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

export function contentTypeOf(name: AssetName): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
