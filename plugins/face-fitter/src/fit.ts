/**
 * The `fit` unit: the 468-point mesh of every face in two batched passes
 * (box crop, then a crop re-framed on the first mesh), the 21 named points,
 * head pose, and the mesh itself in hints for later units. Crops come from
 * the full-resolution picture.
 */
import type { ModelSession, SampleObject, UnitInput, UnitInstance, UnitOutput } from '@facelab/core';
import { cropFromBox } from './crop.ts';
import { normaliseMesh } from './mesh.ts';
import { createMeshRunner, fitMeshes } from './mesh-runner.ts';
import type { MeshModel } from './models.ts';
import { meshPoints } from './points.ts';
import { meshPose } from './pose.ts';

/** The fitter's crops span 1.5 face boxes (BOX_SCALE): the margin its face copy must hold at the model's size. */
export const FIT_MARGIN = 1.5;

export interface FitSettings {
  fitterType: string;
  /** Pitch the mesh axes read on a frontal face, subtracted from every pitch. */
  pitchOffset: number;
  /** Whether to run the mesh-framed passes after the first. */
  refine: boolean;
  /** Passes in all when refining (2: box crop, then one re-framed). */
  passes: number;
}

export function createFitter(session: ModelSession, model: MeshModel, settings: FitSettings): UnitInstance {
  const runMesh = createMeshRunner(session, model);

  return {
    async run({ image, objects }: UnitInput): Promise<UnitOutput> {
      const targets = objects.map((o, i) => ({ o, i })).filter(({ o }) => (o.class ?? 'face') === 'face' && o.bbox);
      if (!image || targets.length === 0) return { objects };
      const began = performance.now();
      const picture = await image.forFaces(targets.map(({ o }) => o.bbox!), FIT_MARGIN, model.size);
      const decoded = performance.now();
      const { width, height } = picture;
      const first = targets.map(({ o }) => {
        const k = o.hints?.detectorKeypoints;
        return cropFromBox(o.bbox!, width, height, k && k.length >= 2 ? [k[0], k[1]] : undefined);
      });
      const result = await fitMeshes(runMesh, picture, first, settings.refine, settings.passes);
      const fitted = [...objects];
      targets.forEach(({ o, i }, n) => {
        const mesh = result.meshes[n];
        fitted[i] = {
          ...o,
          landmarks: { fitterType: settings.fitterType, points: meshPoints(mesh, width, height) },
          pose: meshPose(mesh, settings.pitchOffset),
          hints: { ...o.hints, mesh: normaliseMesh(mesh, width, height), meshScore: result.scores[n] },
        } satisfies SampleObject;
      });
      return { objects: fitted, timings: { decode: decoded - began, infer: performance.now() - decoded } };
    },
  };
}
