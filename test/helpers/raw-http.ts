/**
 * HTTP at the socket level, for what fetch will not send: a body slower
 * than the server's deadline, a Content-Length longer than the body, an
 * upload that keeps going after the server has answered, any method.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  /** Status of the first response, or null when the connection closed without one. */
  status: number | null;
  head: string;
  body: string;
  /** Milliseconds from connecting to the end of the connection (or the timeout). */
  ms: number;
  /** Body bytes written before the connection ended. */
  sent: number;
}

export interface RawOptions {
  /** Chunks written after the head, `gapMs` apart. */
  chunks?: (string | Uint8Array)[];
  gapMs?: number;
  /** Keep writing chunks of this many bytes until the server answers or `endlessLimit` bytes are sent. */
  endless?: number;
  endlessLimit?: number;
  timeoutMs?: number;
}

export function rawExchange(port: number, head: string, options: RawOptions = {}): Promise<RawAnswer> {
  const began = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const [top = '', body = ''] = received.split('\r\n\r\n', 2) as [string?, string?];
      const status = /^HTTP\/1\.1 (\d{3})/.exec(top)?.[1];
      resolve({ status: status ? Number(status) : null, head: top, body, ms: performance.now() - began, sent });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 30_000);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // A complete answer with a Content-Length ends the exchange.
      const [top, body] = received.split('\r\n\r\n', 2);
      const length = /content-length:\s*(\d+)/i.exec(top ?? '')?.[1];
      if (body !== undefined && length !== undefined && Buffer.byteLength(body, 'latin1') >= Number(length)) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', async () => {
      socket.write(head);
      for (const chunk of options.chunks ?? []) {
        if (finished) return;
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (finished) return;
        socket.write(chunk);
        sent += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      }
      if (options.endless) {
        const block = new Uint8Array(options.endless).fill(0x41);
        while (!finished && received === '' && sent < (options.endlessLimit ?? Number.POSITIVE_INFINITY)) {
          sent += block.byteLength;
          if (!socket.write(block)) await new Promise((r) => socket.once('drain', r).once('close', r));
        }
      }
    });
  });
}
