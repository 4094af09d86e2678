/**
 * Strict base64 for image and template blobs. Runtime-neutral: uses Buffer
 * where the runtime has it (Node, Bun) and atob elsewhere.
 */
import { BASE64_ERROR, HttpError } from './errors.ts';

const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;
const DATA_URL_RE = /^data:[\w/+.-]*;base64,/;

type NodeBuf = Uint8Array & { toString(encoding: string): string };
type BufferLike = {
  from(input: string, encoding: string): NodeBuf;
  from(input: ArrayBufferLike, offset: number, length: number): NodeBuf;
};
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** Decodes base64 (standard or URL-safe, with or without a data: URL prefix, whitespace ignored); a 400 when it is not base64. */
export function decodeBase64(text: string): Uint8Array {
  const body = text.replace(DATA_URL_RE, '').replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 === 1 || !BASE64_RE.test(body)) throw new HttpError(400, BASE64_ERROR);
  if (NodeBuffer) {
    const buf = NodeBuffer.from(body, 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
