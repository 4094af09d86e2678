/**
 * The training set, ../shared/train/liveness (or FACELAB_TRAIN_DIR): real
 * faces and faces replayed on screens or printed, of subjects who are not in
 * the eval sets (its SOURCES.md says how that was checked). Items are
 * grouped for cross-validation by source repository, and NUAA (one repository,
 * 16 people) by subject into four groups, so no person is on both sides of
 * a fold.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TrainItem {
  file: string;
  real: boolean;
  attack: 'replay' | 'print' | null;
  subject: string;
  /** Source repository, e.g. "imironica/liveness". */
  source: string;
  /** Cross-validation group. */
  group: string;
}

/** FACELAB_TRAIN_DIR, else `fallback`, else ../shared/train/liveness beside the repository `root`. */
export function trainDir(root: string, fallback?: string): string {
  const dir = resolve(process.env.FACELAB_TRAIN_DIR ?? fallback ?? join(root, '..', 'shared', 'train', 'liveness'));
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No training set at ${dir} (set FACELAB_TRAIN_DIR)`);
  return dir;
}

interface ManifestItem {
  file: string;
  label: boolean;
  attack: 'replay' | 'print' | null;
  subject: string;
  subject_source: string;
}

export function loadItems(dir: string): TrainItem[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { items: ManifestItem[] };
  return manifest.items.map((i) => ({
    file: i.file,
    real: i.label,
    attack: i.attack,
    subject: i.subject,
    source: i.subject_source,
    group: groupOf(i),
  }));
}

function groupOf(item: ManifestItem): string {
  const nuaa = /^NUAA#(\d+)$/.exec(item.subject);
  if (nuaa) return `NUAA-${Number(nuaa[1]) % 4}`;
  return item.subject_source.split('/')[0];
}
