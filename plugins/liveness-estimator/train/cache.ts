/**
 * Where measured rows are cached: $TMPDIR/facelab-eval (FACELAB_CACHE_DIR),
 * one file per data set, named by the sha256 of every model a row depends
 * on and of the source that sets where the crops are (the face detector,
 * the face fitter's mesh and framer, core's face frame), so a new model
 * file, a new box convention or a new framing starts a new cache. Shared by the
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

const PLUGINS = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FRAMING_DIRS = [join(PLUGINS, 'face-detector', 'src'), join(PLUGINS, 'face-fitter', 'src')];
const FRAMING_FILES = [join(PLUGINS, '..', 'packages', 'core', 'src', 'image', 'face-frame.ts')];

/**
 * The code (tests aside) that sets the rows' boxes: detector, fitter and framer, the face frame. The liveness
 * unit's own framing (src/locate-face.ts, spoof-crop.ts) changes with CACHE_VERSION in extract.ts.
 */
function framingSource(): string {
  const files = [...FRAMING_DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort().map((f) => join(d, f))), ...FRAMING_FILES];
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

export function cachePath(name: string, store = new ModelStore()): string {
  const key = MODELS.map((id) => store.manifest.models[id]?.onnx.sha256 ?? id).join() + framingSource();
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return join(process.env.FACELAB_CACHE_DIR ?? join(tmpdir(), 'facelab-eval'), `liveness-${name}-${hash}.json`);
}

/** Rows of `items` (measured now, or read from the cache), logging progress. */
export async function cachedRows(name: string, dir: string, items: readonly ExtractItem[], inference: InferenceBackend, codec: ImageCodec, log: (m: string) => void): Promise<Extracted> {
  const began = performance.now();
  return extractRows(dir, items, inference, codec, cachePath(name), (done) => log(`  ${name}: ${done} pictures measured, ${((performance.now() - began) / done).toFixed(0)} ms each`));
}
