/**
 * The inference backend the app is given. Core and plugins only see these
 * types; packages/runtime implements them with onnxruntime-node.
 */
export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array;

export interface Tensor {
  type: 'float32' | 'int32' | 'int64' | 'uint8';
  data: TensorData;
  dims: number[];
}

export function float32Tensor(data: Float32Array, dims: number[]): Tensor {
  return { type: 'float32', data, dims };
}

/** One loaded model: created once at start-up, run per request (concurrent runs allowed). */
export interface ModelSession {
  readonly id: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, Tensor>, outputs?: readonly string[]): Promise<Record<string, Tensor>>;
  dispose(): Promise<void>;
}

/** What the manifest (models/manifest.json) says of a model, as far as units need it. */
export interface ModelEntry {
  id: string;
  inputs: { name: string; shape: (number | string)[] }[];
  outputs: { name: string; shape: (number | string)[] }[];
  [fact: string]: unknown;
}

export interface InferenceBackend {
  /** Loads a model by manifest id (or the user's override for that id); errors name the file and the fix. */
  load(id: string): Promise<ModelSession>;
  /** The manifest entry of a model id. */
  entry(id: string): ModelEntry;
}

export interface RunCounter {
  backend: InferenceBackend;
  /** Runs per model id since the counter was made. */
  runs: Map<string, number>;
  /** Runs of one model so far. */
  count(id: string): number;
}

/**
 * Wraps a backend so every session run is counted per model id: for
 * checking that a unit batches its faces, or for exporting run metrics.
 */
export function countRuns(backend: InferenceBackend): RunCounter {
  const runs = new Map<string, number>();
  return {
    runs,
    count: (id) => runs.get(id) ?? 0,
    backend: {
      entry: (id) => backend.entry(id),
      async load(id) {
        const session = await backend.load(id);
        return {
          id: session.id,
          inputNames: session.inputNames,
          outputNames: session.outputNames,
          run: (feeds, outputs) => {
            runs.set(id, (runs.get(id) ?? 0) + 1);
            return session.run(feeds, outputs);
          },
          dispose: () => session.dispose(),
        };
      },
    },
  };
}

/** An output as ONNX Runtime returns it. */
export interface OrtValueLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** What an ONNX Runtime session (onnxruntime-node or onnxruntime-web) offers: both share this API. */
export interface OrtSessionLike<T> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, T>): Promise<Record<string, OrtValueLike>>;
  run(feeds: Record<string, T>, fetches: string[]): Promise<Record<string, OrtValueLike>>;
  release(): Promise<void>;
}

/**
 * A ModelSession over an ONNX Runtime session; `toTensor` builds that
 * runtime's own tensor class from a core Tensor (the data is not copied).
 */
export function ortModelSession<T>(id: string, session: OrtSessionLike<T>, toTensor: (t: Tensor) => T): ModelSession {
  return {
    id,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds, outputs) {
      const ortFeeds: Record<string, T> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toTensor(t);
      const result = outputs ? await session.run(ortFeeds, [...outputs]) : await session.run(ortFeeds);
      const out: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(result)) out[name] = { type: t.type as Tensor['type'], data: t.data as TensorData, dims: [...t.dims] };
      return out;
    },
    dispose: () => session.release(),
  };
}
