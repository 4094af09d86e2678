/**
 * The body-detector plugin value: the `detect-body` unit and the
 * `body-detector` service.
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { createBodyDetector } from './detect.ts';
import { NANODET } from './models.ts';
import { resolveOptions, type BodyDetectorOptions } from './options.ts';

export const PLUGIN_NAME = 'body-detector';

/** The `detect-body` unit alone, for plugins whose services start with finding people. */
export function detectBodyUnit(options: BodyDetectorOptions = {}): UnitDefinition {
  const resolved = resolveOptions(options);
  const model = NANODET;
  return {
    name: 'detect-body',
    objectClass: 'body',
    requires: ['image'],
    provides: ['bbox'],
    models: [model.id],
    async setup({ inference }) {
      return createBodyDetector(await inference.load(model.id), model, resolved);
    },
  };
}

export function buildPlugin(options: BodyDetectorOptions = {}): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    ...pluginPackage(pkg),
    units: [detectBodyUnit(options)],
    services: [{ name: 'body-detector', pipeline: ['detect-body'] }],
  });
}
