/** One worker of the server's pool: its own app and model sessions. */
import { workerData } from 'node:worker_threads';
import { serveInWorker } from '@facelab/runtime';
import { createServerApp, type ServerOptions } from './app.ts';
import { jsonLogger } from './logger.ts';

serveInWorker(() => createServerApp({ ...(workerData as ServerOptions), logger: jsonLogger }), jsonLogger);
