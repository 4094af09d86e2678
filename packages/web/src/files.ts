/**
 * Reads the web assets from disk on Node and Bun: the pages from this
 * package's public/ folder, the explorer's script and style from the
 * swagger-ui-dist package. Imported only by hosts with a file system.
 *
 * @example
 * ```ts
 * mountWeb(app, { services, assets: fileAssets() });
 * ```
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssetName, AssetReader } from './assets.ts';

const FROM_SWAGGER_UI: readonly AssetName[] = ['swagger-ui-bundle.js', 'swagger-ui.css'];

export function fileAssets(): AssetReader {
  // src/ and dist/ both sit one level below the package root, beside public/.
  const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return async (name) => new Uint8Array(await readFile(FROM_SWAGGER_UI.includes(name) ? join(swaggerDir, name) : join(publicDir, name)));
}
