/**
 * @facelab/core: the sample model, the Image API v1/v2 codecs, the plugin
 * and unit types, image intake and crops, and the Hono app factory. No
 * runtime-specific imports: inference and decoding are injected.
 */
export * from './sample.ts';
export * from './landmarks.ts';
export * from './quality.ts';
export * from './errors.ts';
export * from './base64.ts';
export * from './geometry.ts';
export * from './inference.ts';
export * from './plugin.ts';
export * from './version.ts';
export * from './image/probe.ts';
export * from './image/types.ts';
export * from './image/source.ts';
export * from './image/warp.ts';
export * from './image/face-frame.ts';
export type { Codec, ImageSize, ImageBlob } from './codec/codec.ts';
export { v1Codec, v1Schemas } from './codec/v1.ts';
export { v2Codec, v2Schemas } from './codec/v2.ts';
export { EMOTIONS } from './codec/fields.ts';
export { createImageApi, silentLogger, type ImageApiOptions } from './app/create.ts';
export { resolveServices, PluginConfigError, type ResolvedService } from './app/registry.ts';
export * from './params.ts';
export { readBodyCapped, type BodyRead, type BodyReadOptions } from './app/body.ts';
export { DEFAULT_APP_LIMITS, bodyLimit, jsonTooDeep, type AppLimits } from './app/limits.ts';
