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
