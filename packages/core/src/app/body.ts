/**
 * Reads a request body with a size cap and a deadline while it streams in,
 * so that an oversized upload is refused after `maxBytes`, not after it has
 * been buffered whole, and a body sent a byte a second cannot hold the
 * request for minutes. Runtime-neutral (web streams).
 */
export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' | 'too-slow' | 'broken' };

export interface BodyReadOptions {
  maxBytes: number;
  /** Milliseconds the whole body may take to arrive (no deadline when absent). */
  timeoutMs?: number;
}

export async function readBodyCapped(request: Request, options: BodyReadOptions): Promise<BodyRead> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > options.maxBytes) return { ok: false, reason: 'too-large' };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'too-slow'>((resolve) => {
    if (options.timeoutMs !== undefined) timer = setTimeout(() => resolve('too-slow'), options.timeoutMs);
  });
  const stop = (reason: 'too-large' | 'too-slow' | 'broken'): BodyRead => {
    reader.cancel().catch(() => {});
    return { ok: false, reason };
  };
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === 'too-slow') return stop('too-slow');
      if (next.done) break;
      total += next.value.byteLength;
      if (total > options.maxBytes) return stop('too-large');
      chunks.push(next.value);
    }
  } catch {
    return stop('broken');
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0] };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}
