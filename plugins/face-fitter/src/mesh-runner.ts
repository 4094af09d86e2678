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

/**
 * Several faces go in two batches started together, so a backend with a
 * helper thread for runs (parallelRuns) takes one of them; each face's mesh
 * is the same bit for bit in a batch of any size.
 */
export function createMeshRunner(session: ModelSession, model: MeshModel): MeshRunner {
  const cropSize = model.size * model.size * 3;
  const meshSize = model.points * 3;
  return async (picture, crops) => {
    const batch = new Float32Array(crops.length * cropSize);
    const maps = crops.map((c) => cropAffine(c, model.size));
    maps.forEach((m, i) => warpToTensor(picture, m, model.tensor, batch, i * cropSize));
    const raw = new Float32Array(crops.length * meshSize);
    const scores = new Array<number>(crops.length);
    const first = Math.ceil(crops.length / 2);
    const parts = crops.length > 1 ? [[0, first], [first, crops.length]] : [[0, crops.length]];
    await Promise.all(
      parts.map(async ([from, to]) => {
        const input = float32Tensor(batch.subarray(from * cropSize, to * cropSize), [to - from, model.size, model.size, 3]);
        const out = await session.run({ [model.input]: input }, [model.mesh, model.faceFlag]);
        raw.set(out[model.mesh].data as Float32Array, from * meshSize);
        (out[model.faceFlag].data as Float32Array).forEach((flag, i) => (scores[from + i] = flag));
      }),
    );
    return { meshes: maps.map((m, i) => meshToPicture(raw, i * meshSize, model.points, m)), scores };
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
