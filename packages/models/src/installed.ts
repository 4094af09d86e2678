/**
 * The facelab plugins installed in an app, and the models each needs: a
 * plugin's package.json lists them under `facelab.models` (checked against
 * the plugin's units by test/packaging/plugin-models.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface InstalledPlugin {
  readonly package: string;
  readonly version: string;
  readonly dir: string;
  readonly models: readonly string[];
}

interface PluginPackageJson {
  name: string;
  version: string;
  facelab?: { models?: string[] };
}

/** Every package under `<dir>/node_modules/@facelab/` (and their own nested node_modules) that declares `facelab.models`. */
export function installedPlugins(appDir: string): InstalledPlugin[] {
  const found = new Map<string, InstalledPlugin>();
  const visit = (modulesDir: string): void => {
    const scope = join(modulesDir, '@facelab');
    if (!existsSync(scope)) return;
    for (const name of readdirSync(scope).sort()) {
      const dir = join(scope, name);
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as PluginPackageJson;
      if (pkg.facelab?.models && !found.has(`${pkg.name}@${pkg.version}`)) {
        found.set(`${pkg.name}@${pkg.version}`, { package: pkg.name, version: pkg.version, dir, models: pkg.facelab.models });
      }
      visit(join(dir, 'node_modules'));
    }
  };
  visit(join(appDir, 'node_modules'));
  return [...found.values()];
}

/** The model ids the installed plugins need, each once, in order of first use. */
export function neededModels(plugins: readonly InstalledPlugin[]): string[] {
  return [...new Set(plugins.flatMap((p) => p.models))];
}
