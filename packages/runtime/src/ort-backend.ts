/**
 * The onnxruntime-node inference backend: one session per model per
 * process, created on first load and reused; a warm-up run at load; thread
 * count and execution providers configurable (CPU by default). With
 * `parallelRuns`, a run issued while another is queued on this thread may
 * go to a helper thread (run-helper.ts), so a request's independent runs
 * use two cores.
 */
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { ortModelSession, type InferenceBackend, type ModelEntry, type ModelSession, type Tensor } from '@facelab/core';
import { ModelStore } from './model-store.ts';
import { createRunHelper } from './run-helper.ts';
import { createRunQueue } from './run-queue.ts';

export interface OrtBackendOptions {
  store?: ModelStore;
  /** Intra-op threads per session (default: the machine's cores). */
  threads?: number;
  /** e.g. ['cuda', 'cpu'] where the machine has CUDA; default ['cpu']. */
  executionProviders?: string[];
  /** Let idle intra-op threads spin between operators (default false; see below). */
  spin?: boolean;
  /** Run each model once on zeros when it loads (default true). */
  warmup?: boolean;
  /**
   * Let a run that is issued while another run waits on this thread (runs
   * a unit starts together, e.g. with Promise.all) go to a helper thread
   * with its own one-thread session of the model (default false). Outputs
   * are the same whichever thread runs it. A list of model ids limits it to
   * those models: the helper loads each model it runs a second time, so the
   * list bounds the memory it takes.
   */
  parallelRuns?: boolean | readonly string[];
  /**
   * With parallelRuns: whether the machine has a core to spare now; runs
   * are offered to the helper only then (a pool worker passes "no other
   * worker is busy", so concurrent requests keep a core each). Default: always.
   */
  spareCore?: () => boolean;
}

export interface OrtBackend extends InferenceBackend {
  /** Runs a helper thread has done (parallelRuns); 0 without it. */
  helperRuns(): number;
}

export function createOrtBackend(options: OrtBackendOptions = {}): OrtBackend {
  const store = options.store ?? new ModelStore();
  const sessions = new Map<string, Promise<ModelSession>>();
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionProviders: options.executionProviders ?? ['cpu'],
    graphOptimizationLevel: 'all',
    // The arena keeps the largest batch's buffers for good; a server sees
    // batches of every size, so it would grow to the sum of the peaks.
    enableCpuMemArena: false,
    // Memory patterns are planned and kept per input shape; batch sizes vary per request.
    enableMemPattern: false,
    // Denormal floats (below 1.2e-38) cost the CPU up to 100x per operation. With this
    // and the denormal weights the build flushes (models/onnx-denormals.ts), the
    // MobileFaceNet (fr-feature) takes 55 ms for five faces in the worker pool instead
    // of 380; the outputs do not move beyond float noise and the other models run as before.
    //
    // With more than one intra-op thread, the helpers spin between operators by default:
    // here that doubled the CPU a run takes (MobileFaceNet, 2 threads: 23 ms instead of 12)
    // and takes the cores other workers' requests need. Without spinning the CPU time
    // stays within 10% of one thread's.
    extra: { session: { set_denormal_as_zero: '1', 'intra_op.allow_spinning': options.spin ? '1' : '0' } },
  };
  const queue = options.parallelRuns ? createRunQueue((onFree) => createRunHelper((id) => store.read(id), { ...sessionOptions, intraOpNumThreads: 1 }, onFree), options.spareCore) : undefined;
  const helped = (id: string): boolean => options.parallelRuns === true || (Array.isArray(options.parallelRuns) && options.parallelRuns.includes(id));
  const parallel = queue && ((session: ModelSession): ModelSession => ({ ...session, run: (feeds, outputs) => queue.run(session, feeds, outputs) }));
  return {
    helperRuns: () => queue?.helperRuns() ?? 0,
    entry: (id) => store.entry(id),
    load(id) {
      let session = sessions.get(id);
      if (!session) {
        session = openSession(id, store, sessionOptions, options.warmup ?? true).then((s) => (parallel && helped(id) ? parallel(s) : s));
        sessions.set(id, session);
        session.catch(() => sessions.delete(id));
      }
      return session;
    },
  };
}

async function openSession(id: string, store: ModelStore, sessionOptions: ort.InferenceSession.SessionOptions, warmup: boolean): Promise<ModelSession> {
  const session = await ort.InferenceSession.create(store.read(id), sessionOptions);
  const model = ortModelSession(id, session, (t) => new ort.Tensor(t.type, t.data, t.dims));
  if (warmup) await warm(model, store.entry(id));
  return model;
}

/** One run on zeros, so the first request does not pay for kernel set-up. */
async function warm(model: ModelSession, entry: ModelEntry): Promise<void> {
  const feeds: Record<string, Tensor> = {};
  for (const input of entry.inputs) {
    const dims = input.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
    const size = dims.reduce((a, b) => a * b, 1);
    const int = String((input as { dtype?: string }).dtype ?? '').startsWith('int');
    feeds[input.name] = int ? { type: 'int32', data: new Int32Array(size), dims } : { type: 'float32', data: new Float32Array(size), dims };
  }
  await model.run(feeds);
}
