/**
 * Reads a request body into wire JSON or picture bytes: JSON for samples;
 * multipart (field `image`), a raw image/* body or JSON for process/image.
 * The body is read under its size cap as it streams, so a huge upload is
 * refused after the cap without being buffered, and JSON is checked for
 * depth before it is parsed.
 */
import type { Context } from 'hono';
import { HttpError, validationError } from '../errors.ts';
import { readBodyCapped } from './body.ts';
import { checkJsonDepth, tooLarge } from './limits.ts';

export type Intake = { kind: 'json'; body: Record<string, unknown> } | { kind: 'image'; bytes: Uint8Array };

export interface IntakeLimits {
  maxBodyBytes: number;
  maxImageBytes: number;
  maxJsonDepth: number;
}

export async function readIntake(c: Context, route: 'sample' | 'image', limits: IntakeLimits): Promise<Intake> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const json = type === 'application/json' || type.endsWith('+json') || (type === '' && route === 'sample');
  const multipart = route === 'image' && type === 'multipart/form-data';
  const raw = route === 'image' && (type.startsWith('image/') || type === 'application/octet-stream');
  if (!json && !multipart && !raw) {
    const accepted = route === 'sample' ? 'application/json' : 'multipart/form-data (field "image"), image/* or application/json';
    throw new HttpError(415, `Unsupported content type "${type || 'none'}"; send ${accepted}`);
  }
  const read = await readBodyCapped(c.req.raw, { maxBytes: raw ? limits.maxImageBytes : limits.maxBodyBytes });
  if (!read.ok) {
    if (read.reason === 'too-large') throw raw ? tooLarge(limits.maxImageBytes) : tooLarge(limits.maxBodyBytes, 'Request body');
    throw new HttpError(400, 'The request body could not be read');
  }

  if (json) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
    } catch {
      throw validationError(['body'], 'The request body is not UTF-8 text', 'value_error.jsondecode');
    }
    checkJsonDepth(text, limits.maxJsonDepth);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw validationError(['body'], 'Invalid JSON in the request body', 'value_error.jsondecode');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationError(['body'], 'The body must be a JSON object', 'type_error.dict');
    }
    return { kind: 'json', body: body as Record<string, unknown> };
  }
  if (multipart) {
    let form: FormData;
    try {
      form = await new Response(read.bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': c.req.header('content-type') ?? '' } }).formData();
    } catch {
      throw validationError(['body'], 'Invalid multipart/form-data body', 'value_error.multipart');
    }
    const field = form.get('image');
    if (field === null) throw validationError(['body', 'image'], 'Field required', 'value_error.missing');
    if (typeof field === 'string') throw validationError(['body', 'image'], 'The image field must be a file', 'type_error.file');
    return { kind: 'image', bytes: checkSize(new Uint8Array(await field.arrayBuffer()), limits.maxImageBytes) };
  }
  return { kind: 'image', bytes: read.bytes };
}

export function checkSize(bytes: Uint8Array, maxImageBytes: number): Uint8Array {
  if (bytes.length > maxImageBytes) throw tooLarge(maxImageBytes);
  return bytes;
}
