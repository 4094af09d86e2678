/**
 * The heads this project trains (liveness, mask) are committed as small
 * ONNX files in models/trained/ with a manifest fragment beside each
 * (<id>.json, written by the plugin's training script). The build checks
 * each file against its fragment's sha256 and merges the fragment into the
 * manifest, so a fresh machine never needs the training data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestEntry } from './manifest.ts';

export function trainedEntries(modelsDir: string): ManifestEntry[] {
  const dir = join(modelsDir, 'trained');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const entry = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ManifestEntry;
      const file = join(modelsDir, entry.onnx.file);
      if (!existsSync(file)) throw new Error(`trained model ${entry.id}: ${file} is missing; restore it from git or rerun its training script`);
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      if (sha !== entry.onnx.sha256) throw new Error(`trained model ${entry.id}: ${file} has sha256 ${sha}, ${f} says ${entry.onnx.sha256}; restore it from git`);
      return entry;
    });
}
