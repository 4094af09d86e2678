/**
 * Features added in the third round (issue 14), measured on the detector box
 * already cached per row (extract.ts): colour texture (colour-texture.ts) at
 * 1.0x and 2.0x the box, and the fr-liveness embedding and logits at further
 * square crops (1.0x, 1.5x, 2.7x). Cached beside the rows
 * ($TMPDIR/facelab-eval/liveness-extra-<set>-<hash>.json) and merged into them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, type ImageCodec, type InferenceBackend } from '@facelab/core';
import { colourTexture } from '../src/colour-texture.ts';
import { FR_LIVENESS_EMBED } from '../src/models.ts';
import { spoofEmbedding } from '../src/spoof-score.ts';
import type { Row } from './extract.ts';

export const EXTRA_EMBED_SCALES = { e10: 1.0, e15: 1.5, e27: 2.7 } as const;
export type ExtraEmbed = keyof typeof EXTRA_EMBED_SCALES;

export interface Extra {
  /** Colour texture at 1.0x and 2.0x the box. */
  tex10: number[];
  tex20: number[];
  /** Embedding and logits per extra crop. */
  emb: Record<ExtraEmbed, number[]>;
  logits: Record<ExtraEmbed, number[]>;
}

export type ExtraRow = Row & { extra: Extra };

const VERSION = 1;
const round = (values: ArrayLike<number>): number[] => Array.from(values, (v) => Math.round(v * 1e5) / 1e5);

export async function withExtra(dir: string, rows: readonly Row[], inference: InferenceBackend, codec: ImageCodec, cachePath: string, log: (m: string) => void): Promise<ExtraRow[]> {
  const path = cachePath.replace(/liveness-(\w+)-/, 'liveness-extra-$1-');
  let cache: { version: number; rows: Record<string, Extra> } = { version: VERSION, rows: {} };
  if (existsSync(path)) {
    const read = JSON.parse(readFileSync(path, 'utf8'));
    if (read.version === VERSION) cache = read;
  }
  const todo = rows.filter((r) => !cache.rows[r.file]);
  if (todo.length > 0) {
    const embed = await inference.load(FR_LIVENESS_EMBED.id);
    const began = performance.now();
    for (const [n, row] of todo.entries()) {
      const picture = await ImageSource.open(readFileSync(join(dir, row.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']).full();
      const emb = {} as Record<ExtraEmbed, number[]>;
      const logits = {} as Record<ExtraEmbed, number[]>;
      for (const [name, scale] of Object.entries(EXTRA_EMBED_SCALES) as [ExtraEmbed, number][]) {
        const out = await spoofEmbedding(embed, picture, row.bbox, { scale, shape: 'square' });
        emb[name] = round(out.embedding);
        logits[name] = round(out.logits);
      }
      cache.rows[row.file] = { tex10: round(colourTexture(picture, row.bbox, 1.0)), tex20: round(colourTexture(picture, row.bbox, 2.0)), emb, logits };
      if ((n + 1) % 200 === 0 || n + 1 === todo.length) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, JSON.stringify(cache));
        log(`  extra features: ${n + 1}/${todo.length}, ${((performance.now() - began) / (n + 1)).toFixed(0)} ms each`);
      }
    }
  }
  return rows.map((r) => ({ ...r, extra: cache.rows[r.file] }));
}
