/**
 * The face-fitter plugin value: the `fit` unit and the
 * `face-detector-face-fitter` service (whose `detect` unit comes from
 * @facelab/face-detector, which must be installed beside it).
 */
import { definePlugin, type Plugin, type UnitDefinition, pluginPackage } from '@facelab/core';
import pkg from '../package.json' with { type: 'json' };
import { createFitter, FIT_MARGIN } from './fit.ts';
import { FACEMESH } from './models.ts';

export const PLUGIN_NAME = 'face-fitter';
/** The fitter_type this plugin writes. */
export const FITTER_TYPE = 'facelab_mesh468';
/** Pitch the mesh axes read on frontal faces: the median over 397 CelebA portrait crops (shared/train/mask, not eval data) was 10.9. */
export const PITCH_OFFSET = 11;

export interface FaceFitterOptions {
  /** Run the second pass re-framed on the first mesh (default true). */
  refine?: boolean;
  /**
   * Mesh passes in all when `refine` is on (default 2): each pass after the
   * first is re-framed on the previous mesh. A third pass brings the points
   * nearer where the re-framing settles and raised template TAR on the
   * calibration pairs (see README), for one more mesh run per face.
   */
  passes?: number;
  /** Override the frontal pitch calibration, in degrees. */
  pitchOffset?: number;
}

/** The `fit` unit alone, for plugins whose services need landmarks. */
export function fitUnit(options: FaceFitterOptions = {}): UnitDefinition {
  const passes = options.passes ?? 2;
  if (!Number.isInteger(passes) || passes < 2) throw new Error(`face-fitter: passes must be a whole number of at least 2, got ${passes}`);
  const settings = { fitterType: FITTER_TYPE, pitchOffset: options.pitchOffset ?? PITCH_OFFSET, refine: options.refine ?? true, passes };
  return {
    name: 'fit',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['landmarks', 'pose'],
    models: [FACEMESH.id],
    faceCrops: { margin: FIT_MARGIN, side: FACEMESH.size },
    async setup({ inference }) {
      return createFitter(await inference.load(FACEMESH.id), FACEMESH, settings);
    },
  };
}

export function buildPlugin(options: FaceFitterOptions = {}): Plugin {
  return definePlugin({
    name: PLUGIN_NAME,
    ...pluginPackage(pkg),
    dependencies: ['@facelab/face-detector'],
    units: [fitUnit(options)],
    services: [{ name: 'face-detector-face-fitter', pipeline: ['detect', 'fit'] }],
  });
}
