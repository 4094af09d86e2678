/**
 * The limits a request is held to before any work is done on it: body
 * size, JSON nesting, objects per request and query thresholds. Each breach
 * is a 4xx in the contract's shape naming the limit, so a client learns
 * what to change and no request can buy more work than a sane one.
 */
import { HttpError, validationError } from '../errors.ts';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../image/source.ts';
import { probabilityParam } from '../params.ts';

export interface AppLimits extends ImageLimits {
  /** Objects one process/sample (or process/image) body may carry. */
  maxObjects: number;
  /** Deepest JSON nesting accepted (the contract needs about 6; unknown fields are echoed back, so they are bounded too). */
  maxJsonDepth: number;
}

export const DEFAULT_APP_LIMITS: AppLimits = { ...DEFAULT_IMAGE_LIMITS, maxObjects: 64, maxJsonDepth: 64 };

/** The largest request body: a base64 picture (4/3 of its bytes) plus room for its objects. */
export function bodyLimit(limits: ImageLimits): number {
  return Math.ceil(limits.maxBytes * 1.34) + 1_000_000;
}

/** Whether JSON text nests arrays and objects deeper than `max`, found by one pass before parsing. */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function checkJsonDepth(text: string, max: number): void {
  if (jsonTooDeep(text, max)) throw validationError(['body'], `JSON nested deeper than ${max} levels`, 'value_error.json.depth');
}

export function checkObjectCount(body: Record<string, unknown>, max: number): void {
  const objects = body.objects;
  if (Array.isArray(objects) && objects.length > max) {
    throw validationError(['body', 'objects'], `Too many objects: ${objects.length}; the limit is ${max} per request`, 'value_error.objects.max');
  }
}

/** Every `*_threshold` query option is a number in (0, 1]: 0 would admit every candidate a detector scores. */
export function checkThresholds(params: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(params)) {
    if (!name.endsWith('_threshold')) continue;
    if (probabilityParam(params, name, 1) === 0) throw validationError(['query', name], `${name} must be greater than 0 and at most 1, got "${params[name]}"`);
  }
}

export function tooLarge(maxBytes: number, what = 'Image'): HttpError {
  return new HttpError(413, `${what} too large: the limit is ${(maxBytes / 1e6).toFixed(1)} MB`);
}
