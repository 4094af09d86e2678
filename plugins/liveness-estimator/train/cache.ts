/**
 * Where measured rows are cached: $TMPDIR/facelab-eval (FACELAB_CACHE_DIR),
 * one file per data set, named by the sha256 of every model a row depends
 * on and of the face detector's source (its box sets every crop), so a new
 * model file or a new box convention starts a new cache. Shared by the
 * training script and `npm run eval liveness`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageCodec, InferenceBackend } from '@facelab/core';
import { ModelStore } from '@facelab/runtime';
import { extractRows, type Extracted, type ExtractItem } from './extract.ts';

const MODELS = ['blazeface-back', 'facemesh', 'antispoof', 'liveness', 'liveness-head', 'fr-liveness', 'fr-liveness-embed'];

const DETECTOR_SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'face-detector', 'src');

/** The face detector's code (tests aside): the rows' boxes come from it. */
function detectorSource(): string {
  const files = readdirSync(DETECTOR_SOURCE).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  return files.map((f) => readFileSync(join(DETECTOR_SOURCE, f), 'utf8')).join('\n');
}

export function cachePath(name: string, store = new ModelStore()): string {
  const key = MODELS.map((id) => store.manifest.models[id]?.onnx.sha256 ?? id).join() + detectorSource();
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return join(process.env.FACELAB_CACHE_DIR ?? join(tmpdir(), 'facelab-eval'), `liveness-${name}-${hash}.json`);
}

/** Rows of `items` (measured now, or read from the cache), logging progress. */
export async function cachedRows(name: string, dir: string, items: readonly ExtractItem[], inference: InferenceBackend, codec: ImageCodec, log: (m: string) => void): Promise<Extracted> {
  const began = performance.now();
  return extractRows(dir, items, inference, codec, cachePath(name), (done) => log(`  ${name}: ${done} pictures measured, ${((performance.now() - began) / done).toFixed(0)} ms each`));
}
