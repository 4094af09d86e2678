/**
 * The training set (../shared/train/mask): items, labels and a fixed
 * validation split. Crops cut from one source photo stay on one side of the
 * split, so the validation figures are not flattered by near-twins.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashString } from './random.ts';

export interface TrainItem {
  file: string;
  label: boolean;
  source: string;
  /** Where the crop came from, for the split: the source photo. */
  group: string;
  split: 'train' | 'val';
}

/** The default data folder: FACELAB_TRAIN_DIR, else ../shared/train/mask beside the repository. */
export function trainDir(repoRoot: string): string {
  return resolve(process.env.FACELAB_TRAIN_DIR ?? join(repoRoot, '..', 'shared', 'train', 'mask'));
}

/** One in `VAL_EVERY` source photos goes to validation. */
const VAL_EVERY = 6;

export function loadItems(dir: string): TrainItem[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    items: { file: string; label: boolean; source: string; source_sha256?: string }[];
  };
  return manifest.items.map((item) => {
    const group = item.source_sha256 ?? item.source;
    return { file: item.file, label: item.label, source: item.source, group, split: hashString(group) % VAL_EVERY === 0 ? 'val' : 'train' };
  });
}
