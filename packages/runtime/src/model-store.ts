/**
 * Finds a model's ONNX file through models/manifest.json and checks it
 * against the manifest's sha256, so a missing or corrupt file fails at
 * start-up with the file's name and the command that fixes it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ModelEntry } from '@facelab/core';

export interface ManifestEntry extends ModelEntry {
  onnx: { file: string; sha256: string };
}

export interface Manifest {
  models: Record<string, ManifestEntry>;
}

export class ModelStoreError extends Error {
  override name = 'ModelStoreError';
}

/** The models folder: FACELAB_MODELS_DIR, else the nearest models/manifest.json above `from`. */
export function findModelsDir(from = process.cwd()): string {
  if (process.env.FACELAB_MODELS_DIR) return resolve(process.env.FACELAB_MODELS_DIR);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'models', 'manifest.json'))) return join(dir, 'models');
    const parent = dirname(dir);
    if (parent === dir) throw new ModelStoreError(`No models/manifest.json found above ${from}; set FACELAB_MODELS_DIR`);
    dir = parent;
  }
}

export class ModelStore {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly #overrides: Record<string, string>;

  /** `overrides` maps a model id to the user's own ONNX file of the same family (not checksummed). */
  constructor(dir: string = findModelsDir(), overrides: Record<string, string> = {}) {
    this.dir = dir;
    const path = join(dir, 'manifest.json');
    if (!existsSync(path)) throw new ModelStoreError(`${path} is missing; run "npm run models"`);
    this.manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    this.#overrides = overrides;
  }

  entry(id: string): ManifestEntry {
    const entry = this.manifest.models[id];
    if (!entry) throw new ModelStoreError(`Model "${id}" is not in ${join(this.dir, 'manifest.json')}`);
    return entry;
  }

  /** The verified bytes of a model's ONNX file. */
  read(id: string): Uint8Array {
    const override = this.#overrides[id];
    if (override) {
      if (!existsSync(override)) throw new ModelStoreError(`Model override for "${id}" not found: ${override}`);
      return readFileSync(override);
    }
    const entry = this.entry(id);
    const file = isAbsolute(entry.onnx.file) ? entry.onnx.file : join(this.dir, entry.onnx.file);
    if (!existsSync(file)) throw new ModelStoreError(`Model "${id}" is missing: ${file} does not exist. Run "npm run models" to build it.`);
    const bytes = readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== entry.onnx.sha256) {
      throw new ModelStoreError(`Model "${id}" is corrupt: ${file} has sha256 ${sha}, the manifest says ${entry.onnx.sha256}. Delete it and run "npm run models".`);
    }
    return bytes;
  }
}
