/**
 * The training faces: ../shared/train/emotion (FER-2013 Training, 48x48
 * grey), or FACELAB_TRAIN_DIR. Items come in a fixed shuffled order so that
 * a cache cut short is still a fair sample of every class.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TrainItem {
  file: string;
  /** Index into the model's class order (FER-2013: angry, disgust, fear, happy, sad, surprise, neutral). */
  label: number;
}

export function trainDir(root: string): string {
  return resolve(process.env.FACELAB_TRAIN_DIR ?? join(root, '..', 'shared', 'train', 'emotion'));
}

export function loadItems(dir: string, labels: readonly string[]): TrainItem[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { items: { file: string; emotion: string }[] };
  const items = manifest.items.map((i) => ({ file: i.file, label: labels.indexOf(i.emotion) }));
  const unknown = items.find((i) => i.label < 0);
  if (unknown) throw new Error(`unknown emotion label in ${unknown.file}`);
  items.sort((a, b) => hash(a.file) - hash(b.file) || (a.file < b.file ? -1 : 1));
  return items;
}

/** FNV-1a of a file name: the fixed shuffle. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
