/**
 * The mesh model over a batch of face crops, in one or two passes (box
 * crop, then a crop re-framed on the first mesh). Shared by the `fit` unit
 * and the face locator that attribute units run inside a client's box.
 */
import { float32Tensor, warpToTensor, type ModelSession, type RawImage } from '@facelab/core';
import { cropAffine, cropFromMesh, type FaceCrop } from './crop.ts';
import { meshToPicture } from './mesh.ts';
import type { MeshModel } from './models.ts';

export interface MeshResult {
  /** Per face, 468 x (x, y, z) in picture pixels. */
  meshes: Float32Array[];
  /** Per face, the model's probability that the crop holds a face. */
  scores: number[];
}

export type MeshRunner = (picture: RawImage, crops: FaceCrop[]) => Promise<MeshResult>;

export function createMeshRunner(session: ModelSession, model: MeshModel): MeshRunner {
  const cropSize = model.size * model.size * 3;
  return async (picture, crops) => {
    const batch = new Float32Array(crops.length * cropSize);
    const maps = crops.map((c) => cropAffine(c, model.size));
    maps.forEach((m, i) => warpToTensor(picture, m, model.tensor, batch, i * cropSize));
    const out = await session.run({ [model.input]: float32Tensor(batch, [crops.length, model.size, model.size, 3]) }, [model.mesh, model.faceFlag]);
    const raw = out[model.mesh].data as Float32Array;
    const flags = out[model.faceFlag].data as Float32Array;
    return {
      meshes: maps.map((m, i) => meshToPicture(raw, i * model.points * 3, model.points, m)),
      scores: Array.from(flags),
    };
  };
}

/**
 * The first pass from `first`, then (with `refine`) passes on crops
 * re-framed on the previous meshes: one for the fitter, more for a box that
 * may be far off (`passes` counts them all).
 */
export async function fitMeshes(run: MeshRunner, picture: RawImage, first: FaceCrop[], refine: boolean, passes = 2): Promise<MeshResult> {
  let result = await run(picture, first);
  for (let pass = 1; refine && pass < passes; pass++) result = await run(picture, result.meshes.map(cropFromMesh));
  return result;
}
