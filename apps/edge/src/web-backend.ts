/**
 * An InferenceBackend on onnxruntime-web (WebAssembly, one thread) for
 * runtimes without Node: the manifest and the ONNX files are fetched from a
 * base URL (a file: URL under Deno, an asset URL on a Worker) and each file is
 * checked against the manifest's sha256 with Web Crypto.
 */
import { ortModelSession, type InferenceBackend, type ModelEntry, type ModelSession } from '@facelab/core';
import * as ort from 'onnxruntime-web/wasm';

interface WebManifestEntry extends ModelEntry {
  onnx: { file: string; sha256: string };
}

export interface WebBackendOptions {
  /** Folder holding manifest.json and the files it names (e.g. the repository's models/). */
  modelsUrl: URL;
  /** Folder holding onnxruntime-web's .wasm/.mjs files (its dist/). */
  wasmUrl: URL;
}

async function fetchBytes(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.href}: ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function createWebBackend(options: WebBackendOptions): Promise<InferenceBackend> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = options.wasmUrl.href;
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(new URL('manifest.json', options.modelsUrl)))) as { models: Record<string, WebManifestEntry> };
  const entry = (id: string): WebManifestEntry => {
    const found = manifest.models[id];
    if (!found) throw new Error(`Model "${id}" is not in ${new URL('manifest.json', options.modelsUrl).href}`);
    return found;
  };
  const sessions = new Map<string, Promise<ModelSession>>();
  const open = async (id: string): Promise<ModelSession> => {
    const e = entry(id);
    const bytes = await fetchBytes(new URL(e.onnx.file, options.modelsUrl));
    const digest = await sha256(bytes);
    if (digest !== e.onnx.sha256) throw new Error(`Model "${id}" is corrupt: sha256 ${digest}, the manifest says ${e.onnx.sha256}`);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return ortModelSession(id, session, (t) => new ort.Tensor(t.type, t.data, t.dims));
  };
  return {
    entry,
    load(id) {
      let session = sessions.get(id);
      if (!session) {
        session = open(id);
        sessions.set(id, session);
        session.catch(() => sessions.delete(id));
      }
      return session;
    },
  };
}
