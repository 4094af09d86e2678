import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { definePlugin, type Plugin, type UnitDefinition } from '../plugin.ts';
import { CORE_VERSION, pluginPackage } from '../version.ts';
import { PluginConfigError, resolveServices } from './registry.ts';

const unit = (name: string, requires: UnitDefinition['requires'], provides: UnitDefinition['provides']): UnitDefinition => ({
  name,
  objectClass: 'face',
  requires,
  provides,
  models: [],
  async setup() {
    return { async run({ objects }) { return { objects }; } };
  },
});

const detector = definePlugin({
  name: 'face-detector',
  ...pluginPackage({ name: '@facelab/face-detector', version: '1.2.3', peerDependencies: { '@facelab/core': `^${CORE_VERSION}` } }),
  units: [unit('detect', ['image'], ['bbox'])],
  services: [{ name: 'face-detector', pipeline: ['detect'] }],
});
const age: Plugin = definePlugin({
  name: 'age-estimator',
  ...pluginPackage({ name: '@facelab/age-estimator', version: '0.4.0', peerDependencies: { '@facelab/core': `^${CORE_VERSION}` } }),
  dependencies: ['@facelab/face-detector'],
  units: [unit('age', ['bbox'], ['age'])],
  services: [{ name: 'age-estimator', pipeline: ['detect', 'age'], sampleStart: 'age' }],
});

describe('plugin packages and dependencies', () => {
  it("core's version is its package.json's", () => {
    expect(CORE_VERSION).toBe(pkg.version);
  });

  it('takes package, version and core range from a package.json, and refuses one without a core peer range', () => {
    expect(detector.package).toBe('@facelab/face-detector');
    expect(detector.version).toBe('1.2.3');
    expect(detector.core).toBe(`^${CORE_VERSION}`);
    expect(() => pluginPackage({ name: '@x/y', version: '1.0.0' })).toThrow(/@x\/y.*peerDependencies/);
  });

  it('refuses to start without a plugin a registered one depends on, naming the package to install', () => {
    expect(() => resolveServices([age])).toThrow(PluginConfigError);
    expect(() => resolveServices([age])).toThrow(/@facelab\/age-estimator needs @facelab\/face-detector: install it \("npm install @facelab\/face-detector"\)/);
    expect([...resolveServices([detector, age]).keys()]).toEqual(['face-detector', 'age-estimator']);
  });

  it('accepts a dependency named by plugin name, and names the @facelab package for it', () => {
    const byName = definePlugin({ ...age, dependencies: ['face-detector'] });
    expect(() => resolveServices([byName])).toThrow(/needs @facelab\/face-detector/);
    expect(resolveServices([detector, byName]).size).toBe(2);
  });
});
