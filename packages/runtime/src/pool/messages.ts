/** The messages between the HTTP thread and the worker threads of the pool. */
export interface WireRequest {
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

export interface WireResponse {
  id: number;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

export type WorkerEvent = { type: 'ready' } | { type: 'failed'; message: string } | ({ type: 'response' } & WireResponse);

/** Sent to each worker when it starts: a shared counter of the requests on the pool's workers. */
export interface PoolShare {
  type: 'pool';
  busy: SharedArrayBuffer;
}
