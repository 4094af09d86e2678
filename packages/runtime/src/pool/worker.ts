/**
 * The worker side of the pool: builds its own app (own model sessions)
 * and answers the requests the HTTP thread forwards.
 */
import { parentPort } from 'node:worker_threads';
import type { WireRequest, WorkerEvent } from './messages.ts';

export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

/** Call from a worker module: `serveInWorker(() => createServerApp(options))`. */
export function serveInWorker(createApp: () => Promise<FetchApp>): void {
  const port = parentPort;
  if (!port) throw new Error('serveInWorker must run in a worker thread');
  const send = (event: WorkerEvent, transfer: ArrayBuffer[] = []) => port.postMessage(event, transfer);
  createApp().then(
    (app) => {
      port.on('message', async (message: WireRequest) => {
        const request = new Request(message.url, { method: message.method, headers: message.headers, body: message.body });
        let response: Response;
        try {
          response = await app.fetch(request);
        } catch (error) {
          response = new Response(JSON.stringify({ detail: 'Internal server error' }), { status: 500, headers: { 'content-type': 'application/json' } });
          void error;
        }
        const body = await response.arrayBuffer();
        send({ type: 'response', id: message.id, status: response.status, headers: [...response.headers], body }, [body]);
      });
      send({ type: 'ready' });
    },
    (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}
