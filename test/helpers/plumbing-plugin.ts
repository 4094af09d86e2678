/**
 * A plugin for testing the app's plumbing (routes, intake, errors) without
 * models: `frame` finds one "picture" object covering the whole image, and
 * `tilt` reads each face's box and writes its aspect ratio as a pose roll.
 * Plugins with real models are tested in their own packages.
 */
import { definePlugin, type InferenceBackend, type Plugin } from '@facelab/core';

export function plumbingPlugin(): Plugin {
  return definePlugin({
    name: 'plumbing',
    version: '0.0.1',
    core: '^0.1.0',
    units: [
      {
        name: 'frame',
        objectClass: 'face',
        requires: ['image'],
        provides: ['bbox'],
        models: [],
        async setup() {
          return {
            async run({ image, objects }) {
              const full = await image!.scaled(64);
              return { objects: [...objects.filter((o) => o.class !== 'face'), { id: 0, class: 'face', confidence: full.width > 0 ? 1 : 0, bbox: [0, 0, 1, 1], extra: {} }] };
            },
          };
        },
      },
      {
        name: 'tilt',
        objectClass: 'face',
        requires: ['bbox'],
        provides: ['pose'],
        models: [],
        async setup() {
          return {
            async run({ objects }) {
              return {
                objects: objects.map((o) =>
                  o.class === 'face' && o.bbox ? { ...o, pose: { yaw: 0, pitch: 0, roll: (o.bbox[2] - o.bbox[0]) / (o.bbox[3] - o.bbox[1]) } } : o,
                ),
              };
            },
          };
        },
      },
    ],
    services: [
      { name: 'framer', pipeline: ['frame'] },
      { name: 'tilter', pipeline: ['frame', 'tilt'], sampleStart: 'tilt' },
    ],
  });
}

/** An inference backend with no models: the plumbing plugin never loads one. */
export const noModels: InferenceBackend = {
  load: async (id) => {
    throw new Error(`no model ${id} in plumbing tests`);
  },
  entry: (id) => {
    throw new Error(`no model ${id} in plumbing tests`);
  },
};
