/**
 * @facelab/runtime: what differs between runtimes, behind core's
 * interfaces: onnxruntime-node inference, sharp and jimp decoding, and the
 * model files on disk.
 */
export { createOrtBackend, type OrtBackend, type OrtBackendOptions } from './ort-backend.ts';
export { ModelStore, ModelStoreError, defaultModelsDir, findModelsDir, type Manifest, type ManifestEntry } from './model-store.ts';
export { createSharpCodec } from './sharp-codec.ts';
export { createJimpCodec } from './jimp-codec.ts';
export { createImageCodec } from './codec.ts';
export { createWorkerPool, type WorkerPool, type WorkerPoolOptions, type WorkerPoolStats, type PoolEvents } from './pool/pool.ts';
export { serveInWorker, type FetchApp, type PoolView, type WorkerLogger } from './pool/worker.ts';
