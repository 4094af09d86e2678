/**
 * The body-detector plugin value: the `detect-body` unit and the
 * `body-detector` service.
 */
import { definePlugin, type Plugin, type UnitDefinition } from '@facelab/core';
import { createBodyDetector } from './detect.ts';
import { NANODET } from './models.ts';
import { resolveOptions, type BodyDetectorOptions } from './options.ts';

export const PLUGIN_NAME = 'body-detector';
export const PLUGIN_VERSION = '0.1.0';

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
    version: PLUGIN_VERSION,
    core: '^0.1.0',
    units: [detectBodyUnit(options)],
    services: [{ name: 'body-detector', pipeline: ['detect-body'] }],
  });
}
