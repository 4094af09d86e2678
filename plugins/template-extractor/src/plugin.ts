/**
 * The template-extractor plugin value: the `extract` unit and the
 * `template-extractor` (fitted faces in) and
 * `face-detector-template-extractor` (picture in) services.
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { createExtractor, EXTRACT_MARGIN } from './extract.ts';
import { MOBILEFACENET } from './models.ts';

export const PLUGIN_NAME = 'template-extractor';

/** The `extract` unit alone: face objects with landmarks in, the same objects with a template out. */
export function extractUnit(): UnitDefinition {
  const model = MOBILEFACENET;
  return {
    name: 'extract',
    objectClass: 'face',
    requires: ['image', 'bbox', 'landmarks'],
    provides: ['template'],
    models: [model.id],
    faceCrops: { margin: EXTRACT_MARGIN, side: model.tensor.width },
    async setup({ inference }) {
      return createExtractor(await inference.load(model.id), model);
    },
  };
}

export function buildPlugin(): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector', '@facelab/face-fitter'],
    units: [extractUnit()],
    services: [
      { name: 'template-extractor', pipeline: ['detect', 'fit', 'extract'], sampleStart: 'extract' },
      { name: 'face-detector-template-extractor', pipeline: ['detect', 'fit', 'extract'] },
    ],
  });
}
