/**
 * The face-detector plugin value: the `detect` unit and the `face-detector`
 * service.
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { createDetector } from './detect.ts';
import { BLAZEFACE_BACK, FACEMESH_FLAG, RFB_320 } from './models.ts';
import { resolveOptions, type FaceDetectorOptions } from './options.ts';

export const PLUGIN_NAME = 'face-detector';

/** The `detect` unit alone, for plugins whose services start with detection. */
export function detectUnit(options: FaceDetectorOptions = {}): UnitDefinition {
  const resolved = resolveOptions(options);
  const model = BLAZEFACE_BACK;
  return {
    name: 'detect',
    objectClass: 'face',
    requires: ['image'],
    provides: ['bbox'],
    models: [model.id, ...(resolved.verify ? [FACEMESH_FLAG.id] : []), ...(resolved.secondLook ? [RFB_320.id] : [])],
    async setup({ inference }) {
      const check = resolved.verify ? { session: await inference.load(FACEMESH_FLAG.id), model: FACEMESH_FLAG } : undefined;
      const second = resolved.secondLook ? { session: await inference.load(RFB_320.id), model: RFB_320 } : undefined;
      return createDetector(await inference.load(model.id), model, resolved, check, second);
    },
  };
}

export function buildPlugin(options: FaceDetectorOptions = {}): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    ...pluginPackage(pkg),
    units: [detectUnit(options)],
    services: [{ name: 'face-detector', pipeline: ['detect'] }],
  });
}
