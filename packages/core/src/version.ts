/**
 * Versions come from package.json (a JSON import, which Node, Bun, Deno and
 * bundlers all read), so `changeset version` is the only place a number
 * changes and the start-up check never compares stale constants.
 */
import pkg from '../package.json' with { type: 'json' };

/** The version of this package, checked against each plugin's `core` range at start-up. */
export const CORE_VERSION: string = pkg.version;

/** The package.json fields a plugin's identity comes from. */
export interface PluginPackageJson {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
}

/** A plugin's npm name, version and core range, read from its package.json. */
export interface PluginPackageFacts {
  package: string;
  version: string;
  core: string;
}

/**
 * The `package`, `version` and `core` fields of a plugin from its
 * package.json: `core` is its peerDependencies range on @facelab/core.
 *
 * @example
 * ```ts
 * import pkg from '../package.json' with { type: 'json' };
 * definePlugin({ name: 'smile-estimator', ...pluginPackage(pkg), units, services });
 * ```
 */
export function pluginPackage(pkg: PluginPackageJson): PluginPackageFacts {
  const core = pkg.peerDependencies?.['@facelab/core'];
  if (!core) throw new Error(`${pkg.name}: package.json has no peerDependencies["@facelab/core"] range`);
  return { package: pkg.name, version: pkg.version, core };
}

/** Whether `version` satisfies a caret range like "^0.1.0" (or an exact version). */
export function satisfiesCaret(version: string, range: string): boolean {
  const parse = (s: string): number[] => s.replace(/^[\^~=v]/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [maj, min, pat] = parse(version);
  const [rmaj, rmin, rpat] = parse(range);
  if (!range.startsWith('^')) return maj === rmaj && min === rmin && pat === rpat;
  if (maj !== rmaj) return false;
  if (maj === 0 && min !== rmin) return false;
  if (min !== rmin) return min > rmin;
  return pat >= rpat;
}
