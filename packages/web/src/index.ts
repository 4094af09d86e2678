/**
 * @facelab/web: the OpenAPI 3.1 document (from the codecs' valibot
 * schemas), the API explorer and the demo page of a facelab server, as
 * Hono routes. Runtime-neutral; `@facelab/web/files` reads the assets on
 * Node and Bun.
 */
export { mountWeb, type WebOptions } from './routes.ts';
export { openApiDocument, type OpenApiDocument, type OpenApiOptions } from './openapi/document.ts';
export { ASSET_NAMES, type AssetName, type AssetReader } from './assets.ts';
