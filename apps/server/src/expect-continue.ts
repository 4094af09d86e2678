/**
 * `Expect: 100-continue` (curl sends it for large uploads): the server
 * answers 413 before the client sends a byte of a body declared larger
 * than the limit, instead of Node's automatic "100 Continue" that invites
 * the whole upload.
 */
import type { Server } from 'node:http';

export function refuseLargeUploads(server: Server, maxBodyBytes: number): void {
  server.on('checkContinue', (request, response) => {
    if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      response.end(JSON.stringify({ detail: `Request body too large: the limit is ${(maxBodyBytes / 1e6).toFixed(1)} MB` }));
      return;
    }
    response.writeContinue();
    server.emit('request', request, response);
  });
}
