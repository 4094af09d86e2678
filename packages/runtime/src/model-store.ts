/**
 * Finds a model's ONNX file through models/manifest.json and checks it
 * against the manifest's sha256, so a missing or corrupt file fails at
 * start-up with the file's name and the command that fixes it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
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

/** The commands that build the models, named in errors. */
const BUILD_HINT = '"npx facelab-models" (an app with @facelab/models) or "npm run models" (the facelab repository)';

/**
 * Where `facelab-models` puts the models by default: the user's cache
 * folder ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
 * %LOCALAPPDATA% on Windows), then facelab/models.
 */
export function defaultModelsDir(env: Record<string, string | undefined> = process.env, platform: string = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'facelab', 'models');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'facelab', 'models');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'facelab', 'models');
}

/**
 * The models folder: FACELAB_MODELS_DIR, else the nearest models/manifest.json
 * above `from` (the repository's models/), else the user's cache folder
 * where `facelab-models` builds them.
 */
export function findModelsDir(from = process.cwd(), env: Record<string, string | undefined> = process.env): string {
  if (env.FACELAB_MODELS_DIR) return resolve(env.FACELAB_MODELS_DIR);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'models', 'manifest.json'))) return join(dir, 'models');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const cache = defaultModelsDir(env);
  if (existsSync(join(cache, 'manifest.json'))) return cache;
  throw new ModelStoreError(`No models found: no models/manifest.json above ${from} and none in ${cache}. Build them with ${BUILD_HINT}, or set FACELAB_MODELS_DIR`);
}

export class ModelStore {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly #overrides: Record<string, string>;

  /** `overrides` maps a model id to the user's own ONNX file of the same family (not checksummed). */
  constructor(dir: string = findModelsDir(), overrides: Record<string, string> = {}) {
    this.dir = dir;
    const path = join(dir, 'manifest.json');
    if (!existsSync(path)) throw new ModelStoreError(`${path} is missing; build the models with ${BUILD_HINT}`);
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
    if (!existsSync(file)) throw new ModelStoreError(`Model "${id}" is missing: ${file} does not exist. Build it with ${BUILD_HINT}.`);
    const bytes = readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== entry.onnx.sha256) {
      throw new ModelStoreError(`Model "${id}" is corrupt: ${file} has sha256 ${sha}, the manifest says ${entry.onnx.sha256}. Delete it and run ${BUILD_HINT}.`);
    }
    return bytes;
  }
}
