/**
 * Reads a request body into wire JSON or picture bytes: JSON for samples;
 * multipart (field `image`), a raw image/* body or JSON for process/image.
 * Sizes are checked before and after reading, so a huge upload is refused
 * without being buffered.
 */
import type { Context } from 'hono';
import { HttpError, validationError } from '../errors.ts';

export type Intake = { kind: 'json'; body: Record<string, unknown> } | { kind: 'image'; bytes: Uint8Array };

export async function readIntake(c: Context, route: 'sample' | 'image', maxBodyBytes: number, maxImageBytes: number): Promise<Intake> {
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > maxBodyBytes) throw tooLarge(maxImageBytes);
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();

  if (type === 'application/json' || type.endsWith('+json') || (type === '' && route === 'sample')) {
    const text = await c.req.text();
    if (text.length > maxBodyBytes) throw tooLarge(maxImageBytes);
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
  if (route === 'image' && type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw validationError(['body'], 'Invalid multipart/form-data body', 'value_error.multipart');
    }
    const field = form.get('image');
    if (field === null) throw validationError(['body', 'image'], 'Field required', 'value_error.missing');
    if (typeof field === 'string') throw validationError(['body', 'image'], 'The image field must be a file', 'type_error.file');
    return { kind: 'image', bytes: checkSize(new Uint8Array(await field.arrayBuffer()), maxImageBytes) };
  }
  if (route === 'image' && (type.startsWith('image/') || type === 'application/octet-stream')) {
    return { kind: 'image', bytes: checkSize(new Uint8Array(await c.req.arrayBuffer()), maxImageBytes) };
  }
  const accepted = route === 'sample' ? 'application/json' : 'multipart/form-data (field "image"), image/* or application/json';
  throw new HttpError(415, `Unsupported content type "${type || 'none'}"; send ${accepted}`);
}

export function checkSize(bytes: Uint8Array, maxImageBytes: number): Uint8Array {
  if (bytes.length > maxImageBytes) throw tooLarge(maxImageBytes);
  return bytes;
}

function tooLarge(maxImageBytes: number): HttpError {
  return new HttpError(413, `Image too large: the limit is ${(maxImageBytes / 1e6).toFixed(1)} MB`);
}
