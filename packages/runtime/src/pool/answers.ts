/**
 * The answers the pool gives itself, in the contract's `{"detail": ...}`
 * shape: a worker that died, a full queue, a deadline passed, a body too
 * large or too slow. Busy answers carry Retry-After so that clients back off.
 */
import { detailResponse } from '@facelab/core';

export const RETRY_AFTER_SECONDS = 1;

export const retryLater = (detail: string): Response => detailResponse(503, detail, { 'retry-after': String(RETRY_AFTER_SECONDS) });

export const workerLost = (): Response => retryLater('The worker serving this request stopped; try again');

export const queueFull = (): Response => retryLater('The server is busy: too many requests are waiting; try again later');

export const shuttingDown = (): Response => retryLater('The server is shutting down');

export const waitedTooLong = (ms: number): Response => retryLater(`The server is busy: the request waited longer than its limit of ${ms} ms; try again later`);

export const tookTooLong = (ms: number): Response => detailResponse(504, `The request took longer than the server's limit of ${ms} ms`);

// The connection stays open a moment after this answer (the HTTP server discards what still arrives, then closes it), so a client still sending reads the 413 instead of a reset.
export const bodyTooLarge = (maxBytes: number): Response => detailResponse(413, `Request body too large: the limit is ${(maxBytes / 1e6).toFixed(1)} MB`);

export const bodyTooSlow = (ms: number): Response => detailResponse(408, `The request body did not arrive within ${ms} ms`, { connection: 'close' });

export const bodyBroken = (): Response => detailResponse(400, 'The request body could not be read', { connection: 'close' });
