// Writes a scratch app's package.json and package-lock.json so that
// `npm ci --offline` installs it from the packed tarballs and the npm cache
// alone: the @facelab packages come from the tarballs, every other package
// at the exact version and integrity of this repository's lockfile (whose
// tarballs the repository's own install put in the cache). A lockfile is
// needed because the cache holds those tarballs but not the registry's
// version lists that resolving a range would ask for.
// usage: node scratch-lock.mjs <app dir> <tarball>... -- <external dependency>...
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [appDir, ...rest] = process.argv.slice(2);
const split = rest.indexOf('--');
const tarballs = rest.slice(0, split);
const externals = rest.slice(split + 1);
const rootLock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));

const packages = {};
const rootDeps = {};
const pending = [];

for (const tarball of tarballs) {
  const pkg = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  const spec = `file:${relative(appDir, tarball)}`;
  rootDeps[pkg.name] = spec;
  packages[`node_modules/${pkg.name}`] = {
    version: pkg.version,
    resolved: spec,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
    ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies } : {}),
    ...(pkg.bin ? { bin: pkg.bin } : {}),
    ...(pkg.engines ? { engines: pkg.engines } : {}),
  };
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) pending.push([`node_modules/${pkg.name}`, name]);
}
for (const name of externals) {
  const entry = rootLock.packages[`node_modules/${name}`];
  if (!entry) throw new Error(`${name} is not in the repository's lockfile`);
  rootDeps[name] = entry.version;
  pending.push(['', name]);
}

/** The lockfile path a dependency of `from` resolves to, node_modules folders searched upwards as Node does. */
function resolveIn(from, name) {
  let base = from;
  for (;;) {
    const path = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[path] || rootLock.packages[path]) return path;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

while (pending.length > 0) {
  const [from, name] = pending.pop();
  const path = resolveIn(from, name);
  if (!path) throw new Error(`${name} (needed by ${from || 'the app'}) is not in the repository's lockfile`);
  if (packages[path]) continue;
  const entry = rootLock.packages[path];
  if (entry.link) throw new Error(`${name} is a workspace package: pass its tarball`);
  packages[path] = entry;
  for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) pending.push([path, dep]);
}

const manifest = { name: 'scratch-app', version: '0.0.0', private: true, type: 'module', dependencies: rootDeps };
writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  join(appDir, 'package-lock.json'),
  `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: { '': { name: manifest.name, version: manifest.version, dependencies: rootDeps }, ...packages } }, null, 2)}\n`,
);
console.log(`scratch-lock: ${Object.keys(packages).length} packages (${tarballs.length} tarballs)`);
