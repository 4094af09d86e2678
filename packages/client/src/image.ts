/**
 * Picture bytes for the wire, in any runtime: the content type from the
 * first bytes (so a raw body gets the right `image/*` type), and base64 for
 * process/sample bodies without Node's Buffer.
 */

/** A picture as the client accepts it. */
export type ImageInput = Blob | ArrayBuffer | ArrayBufferView;

const SIGNATURES: [string, number[], number][] = [
  ['image/jpeg', [0xff, 0xd8, 0xff], 0],
  ['image/png', [0x89, 0x50, 0x4e, 0x47], 0],
  ['image/bmp', [0x42, 0x4d], 0],
  ['image/webp', [0x57, 0x45, 0x42, 0x50], 8],
];

/** The picture's MIME type from its signature, or application/octet-stream (the server accepts both). */
export function sniffImageType(bytes: Uint8Array): string {
  for (const [type, signature, offset] of SIGNATURES) {
    if (signature.every((b, i) => bytes[offset + i] === b)) return type;
  }
  return 'application/octet-stream';
}

export async function imageBytes(image: ImageInput): Promise<Uint8Array> {
  if (image instanceof Blob) return new Uint8Array(await image.arrayBuffer());
  if (image instanceof ArrayBuffer) return new Uint8Array(image);
  return new Uint8Array(image.buffer, image.byteOffset, image.byteLength);
}

/** Standard base64 (RFC 4648, padded), in chunks so that large pictures do not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
