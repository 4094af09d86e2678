/**
 * The server's settings from the environment, checked once at start-up: a
 * value that is not a number where one is expected stops the server with a
 * message naming the variable, rather than running with NaN.
 */
import { availableParallelism } from 'node:os';

export interface ServerConfig {
  port: number;
  /** Interface to listen on; undefined listens on all of them. */
  host: string | undefined;
  workers: number;
  threads: number | undefined;
  /** Independent model runs of a request may use a helper thread per worker (see @facelab/runtime's parallelRuns): false, or the models whose runs may. */
  parallelRuns: false | readonly string[];
  codec: 'sharp' | 'jimp';
  /** Requests that may wait for a worker; more are answered 503 with Retry-After. */
  maxQueue: number;
  /** From arrival to answer. */
  requestTimeoutMs: number;
  /** For the body to arrive once the headers have. */
  bodyTimeoutMs: number;
  headersTimeoutMs: number;
  /** A kept-alive connection with no request is closed after this. */
  idleTimeoutMs: number;
  /** A worker busy with one request longer than this is replaced. */
  stuckMs: number;
  /** In-flight requests get this long to finish after SIGTERM/SIGINT. */
  shutdownTimeoutMs: number;
  maxObjects: number;
  apiKeys: string[];
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/**
 * The models whose runs may go to the helper thread: the template path's by
 * default (the face mesh's batches, the MobileFaceNet's crop and mirror),
 * the latency the issue targets. Each model listed is loaded a second time
 * in every worker's helper: with every model, RSS after 100 mixed requests
 * read 973 MB against 871 MB without a helper.
 */
const DEFAULT_PARALLEL_MODELS = ['facemesh', 'fr-feature'];

function parallelModels(raw: string | undefined): readonly string[] {
  const list = (raw ?? '').split(',').map((m) => m.trim()).filter((m) => m.length > 0);
  return list.length > 0 ? list : DEFAULT_PARALLEL_MODELS;
}

export function readConfig(env: Env = process.env): ServerConfig {
  const workers = int(env, 'FACELAB_WORKERS', availableParallelism(), 1);
  const requestTimeoutMs = int(env, 'FACELAB_REQUEST_TIMEOUT_MS', 30_000, 1);
  const threads = env.FACELAB_THREADS ? int(env, 'FACELAB_THREADS', 1, 1) : workers > 1 ? 1 : undefined;
  return {
    port: int(env, 'PORT', 8080, 0),
    host: env.HOST?.trim() || undefined,
    workers,
    threads,
    // A helper thread is worth it where each run has one thread; several intra-op threads already share the cores.
    parallelRuns: int(env, 'FACELAB_PARALLEL_RUNS', threads === 1 ? 1 : 0, 0) > 0 ? parallelModels(env.FACELAB_PARALLEL_MODELS) : false,
    codec: env.FACELAB_CODEC === 'jimp' ? 'jimp' : 'sharp',
    maxQueue: int(env, 'FACELAB_MAX_QUEUE', workers, 0),
    requestTimeoutMs,
    bodyTimeoutMs: int(env, 'FACELAB_BODY_TIMEOUT_MS', 10_000, 1),
    headersTimeoutMs: int(env, 'FACELAB_HEADERS_TIMEOUT_MS', 10_000, 1),
    idleTimeoutMs: int(env, 'FACELAB_IDLE_TIMEOUT_MS', 5_000, 1),
    stuckMs: int(env, 'FACELAB_STUCK_MS', Math.max(60_000, 2 * requestTimeoutMs), 1),
    shutdownTimeoutMs: int(env, 'FACELAB_SHUTDOWN_TIMEOUT_MS', requestTimeoutMs, 0),
    maxObjects: int(env, 'FACELAB_MAX_OBJECTS', 64, 1),
    apiKeys: (env.FACELAB_API_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0),
  };
}
