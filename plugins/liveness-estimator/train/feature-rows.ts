/**
 * Every feature a candidate may read, for one data set: the measured rows
 * (cache.ts), their extra crops and colour texture (extra.ts) and the
 * dtn-antispoof scores (dtn.ts), each cached beside the others. Shared by
 * the training script, the explore scripts and `npm run eval liveness`.
 */
import type { ImageCodec, InferenceBackend } from '@facelab/core';
import { cachedRows, cachePath } from './cache.ts';
import { withDtn } from './dtn.ts';
import type { ExtractItem } from './extract.ts';
import { withExtra } from './extra.ts';

export async function featureRows(name: string, dir: string, items: readonly ExtractItem[], inference: InferenceBackend, codec: ImageCodec, log: (m: string) => void) {
  const measured = await cachedRows(name, dir, items, inference, codec, log);
  const path = cachePath(name);
  const extra = await withExtra(dir, measured.rows, inference, codec, path, log);
  return { rows: await withDtn(dir, extra, inference, codec, path, log), missed: measured.missed };
}
