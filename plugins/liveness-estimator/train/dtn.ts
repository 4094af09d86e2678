/**
 * Features of `dtn-antispoof` (src/dtn-score.ts) per cached row, measured on the detector box made
 * square without margin and shifted inside the picture (as upstream crops its
 * MTCNN box), 256x256 RGB / 255: the 8 leaf scores, the routed leaf, the
 * upstream score sum(|leaf| * mask) and upstream's sharpness pre-check
 * (count of 3x3 Laplacian responses above 50 on the grey crop). Also at 1.5x
 * the box, for a looser-crop reading. Cached beside the rows
 * ($TMPDIR/facelab-eval/liveness-dtn-<set>-<hash>.json).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, type BBox, type ImageCodec, type InferenceBackend, type ModelSession, type RawImage } from '@facelab/core';
import { dtnInput, dtnReading, type DtnReading } from '../src/dtn-score.ts';
import { DTN_ANTISPOOF } from '../src/models.ts';
import type { Row } from './extract.ts';

export interface DtnTrainReading extends DtnReading {
  /** Upstream's sharpness: 3x3 Laplacian responses above 50 on the grey 256x256 crop. */
  sharpness: number;
}

export interface DtnFeatures {
  s10: DtnTrainReading;
  s15: DtnTrainReading;
}

export type DtnRow = Row & { dtn: DtnFeatures };

const VERSION = 1;

/** Upstream's sharpness count from the RGB [0, 1] planes (grey 0.3 R + 0.59 G + 0.11 B, truncated to 0..255). */
export function dtnSharpness(input: Float32Array, size = DTN_ANTISPOOF.size): number {
  const plane = size * size;
  const grey = new Int32Array(plane);
  for (let i = 0; i < plane; i++) grey[i] = Math.trunc(255 * (0.3 * input[i] + 0.59 * input[plane + i] + 0.11 * input[2 * plane + i]));
  let count = 0;
  for (let y = 1; y < size - 1; y++)
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      if (grey[i - size] + grey[i + size] + grey[i - 1] + grey[i + 1] - 4 * grey[i] > 50) count++;
    }
  return count;
}

async function trainReading(session: ModelSession, picture: RawImage, bbox: BBox, scale: number): Promise<DtnTrainReading> {
  return { ...(await dtnReading(session, picture, bbox, scale)), sharpness: dtnSharpness(dtnInput(picture, bbox, scale)) };
}

export async function withDtn<R extends Row>(dir: string, rows: readonly R[], inference: InferenceBackend, codec: ImageCodec, cachePath: string, log: (m: string) => void): Promise<(R & { dtn: DtnFeatures })[]> {
  const path = cachePath.replace(/liveness-(\w+)-/, 'liveness-dtn-$1-');
  let cache: { version: number; rows: Record<string, DtnFeatures> } = { version: VERSION, rows: {} };
  if (existsSync(path)) {
    const read = JSON.parse(readFileSync(path, 'utf8'));
    if (read.version === VERSION) cache = read;
  }
  const todo = rows.filter((r) => !cache.rows[r.file]);
  if (todo.length > 0) {
    const session = await inference.load(DTN_ANTISPOOF.id);
    const began = performance.now();
    for (const [n, row] of todo.entries()) {
      const picture = await ImageSource.open(readFileSync(join(dir, row.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']).full();
      cache.rows[row.file] = { s10: await trainReading(session, picture, row.bbox, 1.0), s15: await trainReading(session, picture, row.bbox, 1.5) };
      if ((n + 1) % 200 === 0 || n + 1 === todo.length) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, JSON.stringify(cache));
        log(`  dtn features: ${n + 1}/${todo.length}, ${((performance.now() - began) / (n + 1)).toFixed(0)} ms each`);
      }
    }
  }
  return rows.map((r) => ({ ...r, dtn: cache.rows[r.file] }));
}
