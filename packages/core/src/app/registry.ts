/**
 * Start-up checks: every unit name is unique, every service's units exist,
 * each unit's required attributes are provided by the units before it, and
 * each plugin was built for this core. A server whose plugins do not fit
 * together refuses to start and says why.
 */
import type { AttributeName } from '../sample.ts';
import type { Plugin, ServiceDefinition, UnitDefinition } from '../plugin.ts';
import { CORE_VERSION, satisfiesCaret } from '../version.ts';

export interface ResolvedService {
  definition: ServiceDefinition;
  plugin: Plugin;
  units: UnitDefinition[];
  /** Index in `units` where process/sample starts. */
  sampleStart: number;
  needsImage: boolean;
}

export class PluginConfigError extends Error {
  override name = 'PluginConfigError';
}

export function resolveServices(plugins: readonly Plugin[]): Map<string, ResolvedService> {
  checkDependencies(plugins);
  const units = new Map<string, { unit: UnitDefinition; plugin: Plugin }>();
  for (const plugin of plugins) {
    if (!satisfiesCaret(CORE_VERSION, plugin.core)) {
      throw new PluginConfigError(`plugin ${plugin.name}@${plugin.version} needs @facelab/core ${plugin.core}, this is ${CORE_VERSION}`);
    }
    for (const unit of plugin.units) {
      const other = units.get(unit.name);
      if (other) throw new PluginConfigError(`unit "${unit.name}" is provided by both ${other.plugin.name} and ${plugin.name}`);
      units.set(unit.name, { unit, plugin });
    }
  }
  const services = new Map<string, ResolvedService>();
  for (const plugin of plugins) {
    for (const definition of plugin.services) {
      if (services.has(definition.name)) throw new PluginConfigError(`service "${definition.name}" is declared twice (${plugin.name})`);
      const chain = definition.pipeline.map((name) => {
        const found = units.get(name);
        if (!found) {
          throw new PluginConfigError(
            `service "${definition.name}" of plugin ${plugin.name} needs unit "${name}", which no installed plugin provides (installed units: ${[...units.keys()].join(', ') || 'none'})`,
          );
        }
        return found.unit;
      });
      checkChain(definition.name, chain);
      const sampleStart = definition.sampleStart ? definition.pipeline.indexOf(definition.sampleStart) : 0;
      if (sampleStart < 0) throw new PluginConfigError(`service "${definition.name}": sampleStart "${definition.sampleStart}" is not in its pipeline`);
      services.set(definition.name, { definition, plugin, units: chain, sampleStart, needsImage: definition.needsImage ?? true });
    }
  }
  return services;
}

/** Every plugin a registered plugin depends on is registered too, else the error names the package to install. */
function checkDependencies(plugins: readonly Plugin[]): void {
  const present = new Set(plugins.flatMap((p) => (p.package ? [p.name, p.package] : [p.name])));
  for (const plugin of plugins) {
    const missing = (plugin.dependencies ?? []).filter((d) => !present.has(d));
    if (missing.length === 0) continue;
    const packages = missing.map((d) => (d.includes('/') ? d : `@facelab/${d}`));
    throw new PluginConfigError(
      `plugin ${plugin.package ?? plugin.name} needs ${packages.join(' and ')}: install ${missing.length > 1 ? 'them' : 'it'} ` +
        `("npm install ${packages.join(' ')}") and add ${missing.length > 1 ? 'their plugins' : 'its plugin'} to the app's plugins ` +
        `(installed: ${plugins.map((p) => p.package ?? p.name).join(', ')})`,
    );
  }
}

function checkChain(service: string, chain: UnitDefinition[]): void {
  const available = new Set<AttributeName>(['image']);
  for (const unit of chain) {
    for (const need of unit.requires) {
      if (!available.has(need)) {
        throw new PluginConfigError(`service "${service}": unit "${unit.name}" requires "${need}", which no unit before it provides`);
      }
    }
    for (const attr of unit.provides) available.add(attr);
  }
}
