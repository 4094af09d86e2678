/**
 * The verify-matcher plugin value: the `verify` unit and the
 * `verify-matcher` service (templates in, no picture needed).
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { R34_FORMAT, TEMPLATE_FORMATS, TEMPLATE_KEY } from '@facelab/template-extractor';
import mfnCalibration from './calibration/facelab_mfn_1.json' with { type: 'json' };
import r34Calibration from './calibration/facelab_r34_1.json' with { type: 'json' };
import { createMatcher } from './match.ts';
import type { Calibration } from './roc.ts';

export const PLUGIN_NAME = 'verify-matcher';

/** The calibration shipped for the current template format. */
export const CALIBRATION = mfnCalibration as Calibration;
/** The calibration of the previous release's ResNet-34 templates, which stay readable. */
export const R34_CALIBRATION = r34Calibration as Calibration;
/** Every shipped calibration by template key. */
export const CALIBRATIONS: ReadonlyMap<string, Calibration> = new Map([CALIBRATION, R34_CALIBRATION].map((c) => [c.template, c]));

/** The `verify` unit alone. It checks the templates itself, so it declares no required attribute. */
export function verifyUnit(): UnitDefinition {
  const missing = TEMPLATE_FORMATS.filter((f) => !CALIBRATIONS.has(f.key));
  if (CALIBRATION.template !== TEMPLATE_KEY || R34_CALIBRATION.template !== R34_FORMAT.key || missing.length > 0) {
    throw new Error(`verify-matcher: the shipped calibrations (${[...CALIBRATIONS.keys()].join(', ')}) do not cover the template formats (${TEMPLATE_FORMATS.map((f) => f.key).join(', ')}); rerun plugins/verify-matcher/scripts/calibrate.ts`);
  }
  return {
    name: 'verify',
    objectClass: 'face',
    requires: [],
    provides: ['verification'],
    models: [],
    async setup() {
      return createMatcher(CALIBRATIONS);
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
