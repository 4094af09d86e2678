/**
 * The verify-matcher plugin value: the `verify` unit and the
 * `verify-matcher` service (templates in, no picture needed).
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { TEMPLATE_KEY } from '@facelab/template-extractor';
import calibration from './calibration/facelab_r34_1.json' with { type: 'json' };
import { createMatcher } from './match.ts';
import type { Calibration } from './roc.ts';

export const PLUGIN_NAME = 'verify-matcher';

/** The calibration shipped for the current template version. */
export const CALIBRATION = calibration as Calibration;

/** The `verify` unit alone. It checks the templates itself, so it declares no required attribute. */
export function verifyUnit(): UnitDefinition {
  if (CALIBRATION.template !== TEMPLATE_KEY) {
    throw new Error(`verify-matcher: the shipped calibration is for ${CALIBRATION.template}, templates are ${TEMPLATE_KEY}; rerun plugins/verify-matcher/scripts/calibrate.ts`);
  }
  return {
    name: 'verify',
    objectClass: 'face',
    requires: [],
    provides: ['verification'],
    models: [],
    async setup() {
      return createMatcher(CALIBRATION);
    },
  };
}

export function buildPlugin(): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    ...pluginPackage(pkg),
    units: [verifyUnit()],
    services: [{ name: 'verify-matcher', pipeline: ['verify'], needsImage: false }],
  });
}
