/**
 * A second opinion on uncertain detections. BlazeFace gives textures (hair,
 * dark folds, foliage) scores up to about 0.6 in tiles; the face mesh
 * model's face flag reads nearly 0 on those (under 0.01) and rarely that low
 * on real faces, masked ones included. Detections scoring below `below`
 * whose flag is under `minFlag` are dropped; all checked in one batch.
 */
import { float32Tensor, rotatedSquareAffine, warpToTensor, type ModelSession, type RawImage } from '@facelab/core';
import type { Candidate } from './decode.ts';
import type { FaceCheckModel } from './models.ts';

export interface VerifyOptions {
  /** Detections at or above this score are trusted without a check. */
  below: number;
  /** Face flag under which a checked detection is dropped. */
  minFlag: number;
}

/** `found` in normalised coordinates of `copy`. */
export async function dropNonFaces(session: ModelSession, model: FaceCheckModel, copy: RawImage, found: Candidate[], options: VerifyOptions): Promise<Candidate[]> {
  const checked = found.filter((c) => c.score < options.below);
  if (checked.length === 0) return found;
  const size = model.size * model.size * 3;
  const batch = new Float32Array(checked.length * size);
  checked.forEach((c, i) => {
    const W = copy.width;
    const H = copy.height;
    const side = Math.max((c.box[2] - c.box[0]) * W, (c.box[3] - c.box[1]) * H) * model.cropScale;
    // Level the crop on the eye keypoints (0: picture-left eye, 1: picture-right eye) when the face has them.
    const angle = c.keypoints.length >= 4 ? Math.atan2((c.keypoints[3] - c.keypoints[1]) * H, (c.keypoints[2] - c.keypoints[0]) * W) : 0;
    const m = rotatedSquareAffine(((c.box[0] + c.box[2]) / 2) * W, ((c.box[1] + c.box[3]) / 2) * H, side, angle, model.size);
    warpToTensor(copy, m, model.tensor, batch, i * size);
  });
  const out = await session.run({ [model.input]: float32Tensor(batch, [checked.length, model.size, model.size, 3]) }, [model.flag]);
  const flags = out[model.flag].data as Float32Array;
  const dropped = new Set(checked.filter((_, i) => flags[i] < options.minFlag));
  return found.filter((c) => !dropped.has(c));
}
