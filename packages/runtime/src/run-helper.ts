/**
 * A second thread for model runs. onnxruntime-node runs a session on the
 * calling thread, so the independent runs of one request (a face crop and
 * its mirror, the faces of a batch-1 model) queue one after the other on
 * it while the machine's other core may idle. The backend offers such a
 * run to this helper, which holds its own session of the model; whichever
 * thread gets to the run first takes it (a compare-and-swap on a shared
 * word), so a helper that is slow to start (a busy machine, a model still
 * loading) never delays the run: the calling thread takes it back.
 *
 * The helper loads a model the first time one of its runs is offered (that
 * run stays on the calling thread), with the same session options, and
 * warms it on the offered input. If the helper cannot start or dies, every
 * run goes back to the calling thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Tensor, TensorData } from '@facelab/core';

/** The state word of one offered run. */
const OFFERED = 0;
const HELPER = 1;
const CALLER = 2;

/** A run offered to the helper: the caller either claims it back or waits for the helper's outputs. */
export interface OfferedRun {
  /** True when the calling thread took the run back (the helper had not started it). */
  claim(): boolean;
  /** The helper's outputs, once it has taken the run (rejects if the helper fails). */
  readonly outputs: Promise<Record<string, Tensor>>;
}

export interface RunHelper {
  /** Offers one run of model `id`; undefined when the helper is busy, has not loaded the model yet, or is gone. */
  offer(id: string, feeds: Record<string, Tensor>, fetches: readonly string[] | undefined): OfferedRun | undefined;
  /** Runs the helper has taken so far. */
  taken(): number;
  close(): Promise<void>;
}

interface WireTensor {
  name: string;
  type: Tensor['type'];
  data: ArrayBuffer;
  dims: number[];
}

type HelperEvent = { job: number; outputs?: WireTensor[]; skipped?: boolean; error?: string } | { loaded: string; error?: string };

const ARRAYS: Record<Tensor['type'], new (buffer: ArrayBuffer) => TensorData> = {
  float32: Float32Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
};

// The helper thread: plain JavaScript (it runs the same way from TypeScript sources and from the build).
const HELPER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
const sessions = new Map();
const tensor = (t) => new ort.Tensor(t.type, new ({ float32: Float32Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array })[t.type](t.data), t.dims);
const feedsOf = (list) => Object.fromEntries(list.map((t) => [t.name, tensor(t)]));
parentPort.on('message', async (m) => {
  if (m.load) {
    try {
      const session = await ort.InferenceSession.create(new Uint8Array(m.bytes), workerData.options);
      await session.run(feedsOf(m.warm));
      sessions.set(m.load, session);
      parentPort.postMessage({ loaded: m.load });
    } catch (e) {
      parentPort.postMessage({ loaded: m.load, error: String(e) });
    }
    return;
  }
  const session = sessions.get(m.id);
  const state = new Int32Array(m.state);
  if (!session || Atomics.compareExchange(state, 0, ${OFFERED}, ${HELPER}) !== ${OFFERED}) return parentPort.postMessage({ job: m.job, skipped: true });
  try {
    const result = m.fetches ? await session.run(feedsOf(m.feeds), m.fetches) : await session.run(feedsOf(m.feeds));
    const outputs = Object.entries(result).map(([name, t]) => ({ name, type: t.type, data: t.data.slice().buffer, dims: [...t.dims] }));
    parentPort.postMessage({ job: m.job, outputs }, outputs.map((o) => o.data));
  } catch (e) {
    parentPort.postMessage({ job: m.job, error: String(e) });
  }
});
`;

/** A copy of a tensor's bytes that can be moved to another thread. */
function toWire(name: string, t: Tensor): WireTensor {
  const view = t.data;
  return { name, type: t.type, data: view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer, dims: [...t.dims] };
}

/**
 * Starts the helper thread. `read` gives a model's bytes (read once per
 * model, when its first run is offered); `options` are the session options
 * (plain data). `claimable: false` makes the caller always wait for the
 * helper once it has the model (for tests that must see the helper run).
 */
export function createRunHelper(read: (id: string) => Uint8Array, options: object, onFree: () => void = () => {}, claimable = true): RunHelper {
  const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
  let worker: Worker | undefined;
  let alive = true;
  try {
    worker = new Worker(HELPER_CODE, { eval: true, workerData: { ort: ortPath, options } });
    worker.unref();
  } catch {
    alive = false;
  }
  const models = new Map<string, 'loading' | 'ready' | 'failed'>();
  const jobs = new Map<number, { resolve(outputs: Record<string, Tensor>): void; reject(error: Error): void }>();
  let busy = false;
  let next = 0;
  let taken = 0;

  const fail = (why: string): void => {
    alive = false;
    busy = false;
    for (const job of jobs.values()) job.reject(new Error(why));
    jobs.clear();
  };
  worker?.on('message', (event: HelperEvent) => {
    if ('loaded' in event) {
      models.set(event.loaded, event.error ? 'failed' : 'ready');
      return;
    }
    busy = false;
    // Idle, the helper does not keep the process alive; with a run it does (its caller may be waiting on nothing else).
    worker?.unref();
    const job = jobs.get(event.job);
    jobs.delete(event.job);
    if (job && !event.skipped) {
      if (event.error || !event.outputs) job.reject(new Error(event.error ?? 'helper returned no outputs'));
      else {
        taken++;
        job.resolve(Object.fromEntries(event.outputs.map((o) => [o.name, { type: o.type, data: new ARRAYS[o.type](o.data), dims: o.dims }])));
      }
    }
    onFree();
  });
  worker?.on('error', (error) => fail(`run helper failed: ${error.message}`));
  worker?.on('exit', () => fail('run helper exited'));

  return {
    offer(id, feeds, fetches) {
      if (!alive || !worker || busy) return undefined;
      const wire = Object.entries(feeds).map(([name, t]) => toWire(name, t));
      const model = models.get(id);
      if (model !== 'ready') {
        if (model === undefined) {
          models.set(id, 'loading');
          try {
            const bytes = read(id);
            const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
            worker.postMessage({ load: id, bytes: copy, warm: wire }, [copy, ...wire.map((t) => t.data)]);
          } catch {
            models.set(id, 'failed');
          }
        }
        return undefined;
      }
      const state = new Int32Array(new SharedArrayBuffer(4));
      const job = next++;
      const outputs = new Promise<Record<string, Tensor>>((resolve, reject) => jobs.set(job, { resolve, reject }));
      // A run the caller takes back never settles this promise; nothing awaits it then.
      outputs.catch(() => {});
      busy = true;
      worker.ref();
      worker.postMessage({ job, id, state: state.buffer, feeds: wire, fetches: fetches ? [...fetches] : undefined }, wire.map((t) => t.data));
      return {
        claim: () => claimable && Atomics.compareExchange(state, 0, OFFERED, CALLER) === OFFERED,
        outputs,
      };
    },
    taken: () => taken,
    async close() {
      alive = false;
      await worker?.terminate();
    },
  };
}
