/**
 * Turns pictures into training rows: each picture is cropped once plainly
 * and `variations` more times at random, every crop goes through the
 * feature model in batches, and the rows land in a cache file
 * (features as float32, metadata as JSON) so the classifier can be trained
 * again without recomputing them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RawImage } from '@facelab/core';
import { FEATURE_MODEL } from '../src/models.ts';
import type { PixelBox } from '../src/preprocess.ts';
import { CROP_LENGTH, plain, randomVariation, renderVariation } from './augment.ts';
import type { FeatureModel } from './features.ts';
import type { Random } from './random.ts';

export interface RowMeta {
  /** The picture the row came from (a training file, or a synthetic derivative's name). */
  key: string;
  label: boolean;
  split: 'train' | 'val';
  kind: 'real' | 'synthetic';
  /** 0 for the plain crop, 1.. for random variations. */
  variation: number;
}

export interface Rows {
  meta: RowMeta[];
  /** meta.length x 1024, row-major. */
  features: Float32Array;
}

export interface Picture {
  meta: Omit<RowMeta, 'variation'>;
  image: RawImage;
  box: PixelBox;
}

const BATCH = 8;

/** Runs the feature model over `variations` + 1 crops of every picture yielded. */
export async function extractRows(pictures: AsyncIterable<Picture>, model: FeatureModel, variations: number, random: (key: string) => Random, progress?: (done: number) => void): Promise<Rows> {
  const meta: RowMeta[] = [];
  const chunks: Float32Array[] = [];
  let batch = new Float32Array(BATCH * CROP_LENGTH);
  let filled = 0;
  const flush = async (): Promise<void> => {
    if (filled === 0) return;
    chunks.push(await model.run(batch.subarray(0, filled * CROP_LENGTH), filled));
    batch = new Float32Array(BATCH * CROP_LENGTH);
    filled = 0;
    progress?.(meta.length);
  };
  for await (const picture of pictures) {
    const rng = random(picture.meta.key);
    for (let v = 0; v <= variations; v++) {
      const variation = v === 0 ? plain(picture.box) : randomVariation(picture.box, rng);
      renderVariation(picture.image, variation, batch, filled * CROP_LENGTH);
      meta.push({ ...picture.meta, variation: v });
      if (++filled === BATCH) await flush();
    }
  }
  await flush();
  const features = new Float32Array(meta.length * FEATURE_MODEL.size);
  let offset = 0;
  for (const chunk of chunks) {
    features.set(chunk, offset);
    offset += chunk.length;
  }
  return { meta, features };
}

export function saveRows(path: string, rows: Rows): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.f32`, new Uint8Array(rows.features.buffer, rows.features.byteOffset, rows.features.byteLength));
  writeFileSync(`${path}.json`, JSON.stringify(rows.meta));
}

export function loadRows(path: string): Rows | undefined {
  if (!existsSync(`${path}.json`) || !existsSync(`${path}.f32`)) return undefined;
  const bytes = readFileSync(`${path}.f32`);
  const features = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { meta: JSON.parse(readFileSync(`${path}.json`, 'utf8')) as RowMeta[], features };
}

export function concatRows(...parts: Rows[]): Rows {
  const meta = parts.flatMap((p) => p.meta);
  const features = new Float32Array(meta.length * FEATURE_MODEL.size);
  let offset = 0;
  for (const p of parts) {
    features.set(p.features, offset);
    offset += p.features.length;
  }
  return { meta, features };
}
