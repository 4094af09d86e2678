/**
 * The template-extractor plugin value: the `extract` unit and the
 * `template-extractor` (fitted faces in) and
 * `face-detector-template-extractor` (picture in) services.
 */
import { definePlugin, type Plugin, type UnitDefinition } from '@facelab/core';
import { createExtractor } from './extract.ts';
import { MOBILEFACENET } from './models.ts';

export const PLUGIN_NAME = 'template-extractor';
export const PLUGIN_VERSION = '0.1.0';

/** The `extract` unit alone: face objects with landmarks in, the same objects with a template out. */
export function extractUnit(): UnitDefinition {
  const model = MOBILEFACENET;
  return {
    name: 'extract',
    objectClass: 'face',
    requires: ['image', 'bbox', 'landmarks'],
    provides: ['template'],
    models: [model.id],
    async setup({ inference }) {
      return createExtractor(await inference.load(model.id), model);
    },
  };
}

export function buildPlugin(): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    version: PLUGIN_VERSION,
    core: '^0.1.0',
    units: [extractUnit()],
    services: [
      { name: 'template-extractor', pipeline: ['detect', 'fit', 'extract'], sampleStart: 'extract' },
      { name: 'face-detector-template-extractor', pipeline: ['detect', 'fit', 'extract'] },
    ],
  });
}
