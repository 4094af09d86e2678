/**
 * The feature rows train/extract.ts writes (one Float32 row per training
 * picture) and how train/heads.ts reads them back with their labels.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Offsets of each block in a row; `M` blocks are the mirror image's. */
export const ROW_LAYOUT = { pool: 0, poolM: 1024, bins: 2048, binsM: 2148, male: 2248, maleM: 2249, emb: 2250, embM: 2762, located: 3274 } as const;
export const ROW = 3275;
/** faceres's internal 1024-d layer before its age and gender heads. */
export const POOL = 'global_pooling/Mean';

export interface Item {
  file: string;
  age: number;
  gender: string;
  race: number;
}

export interface Rows {
  x: Float32Array;
  items: Item[];
}

/**
 * Reads OUT.f32 files with the manifest index of each row in OUT.idx (one per
 * line; a partly written last row is dropped).
 */
export function readRows(prefixes: string[], manifest: Item[]): Rows {
  const parts: Float32Array[] = [];
  const items: Item[] = [];
  for (const prefix of prefixes) {
    const bytes = readFileSync(`${prefix}.f32`);
    const idx = existsSync(`${prefix}.idx`) ? readFileSync(`${prefix}.idx`, 'utf8').split('\n').filter(Boolean).map(Number) : [];
    const n = Math.min(Math.floor(bytes.length / (4 * ROW)), idx.length);
    parts.push(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * ROW * 4)));
    for (let i = 0; i < n; i++) items.push(manifest[idx[i]]);
  }
  const x = new Float32Array(items.length * ROW);
  let at = 0;
  for (const p of parts) (x.set(p, at), (at += p.length));
  return { x, items };
}
