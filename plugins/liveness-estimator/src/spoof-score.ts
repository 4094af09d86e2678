/**
 * Runs `fr-liveness` (or `fr-liveness-embed`, the same network with its
 * embedding exposed) on one face: the crop of the detector's box
 * (spoof-crop.ts) warped into the model's tensor, one run per face (the
 * model's batch is fixed at 1).
 */
import { float32Tensor, warpToTensor, type BBox, type ModelSession, type RawImage } from '@facelab/core';
import { FR_LIVENESS, FR_LIVENESS_EMBED } from './models.ts';
import { boxPixels, spoofAffine, spoofRectangle, spoofSquare, type PixelRect } from './spoof-crop.ts';

export type CropShape = 'square' | 'rectangle';

export interface SpoofCropOptions {
  scale: number;
  shape: CropShape;
  /** Mirror the crop left-right (a test-time augmentation candidate). */
  mirror?: boolean;
}

/** The crop rectangle in picture pixels for a normalised bbox. */
export function spoofCrop(bbox: BBox, width: number, height: number, options: SpoofCropOptions): PixelRect {
  const box = boxPixels(bbox, width, height);
  return options.shape === 'square' ? spoofSquare(box, width, height, options.scale) : spoofRectangle(box, width, height, options.scale);
}

/** The model input (1x3x128x128) for one face. */
export function spoofInput(picture: RawImage, bbox: BBox, options: SpoofCropOptions): Float32Array {
  const { size, tensor } = FR_LIVENESS;
  const m = spoofAffine(spoofCrop(bbox, picture.width, picture.height, options), size);
  // Mirroring: the output's u runs right to left across the crop.
  const affine = options.mirror ? ([-m[0], m[1], m[2] + m[0] * size, m[3], m[4], m[5]] as typeof m) : m;
  const input = new Float32Array(3 * size * size);
  warpToTensor(picture, affine, tensor, input);
  return input;
}

/** The model's three logits for one face. */
export async function spoofLogits(session: ModelSession, picture: RawImage, bbox: BBox, options: SpoofCropOptions): Promise<Float32Array> {
  const { size } = FR_LIVENESS;
  const out = await session.run({ [FR_LIVENESS.input]: float32Tensor(spoofInput(picture, bbox, options), [1, 3, size, size]) }, [FR_LIVENESS.output]);
  return Float32Array.from(out[FR_LIVENESS.output].data as Float32Array);
}

/** `fr-liveness-embed` on one face: the three logits and the 128-value embedding the head reads. */
export async function spoofEmbedding(session: ModelSession, picture: RawImage, bbox: BBox, options: SpoofCropOptions): Promise<{ logits: Float32Array; embedding: Float32Array }> {
  const { size } = FR_LIVENESS;
  const out = await session.run({ [FR_LIVENESS_EMBED.input]: float32Tensor(spoofInput(picture, bbox, options), [1, 3, size, size]) }, [FR_LIVENESS_EMBED.output, FR_LIVENESS_EMBED.embedding]);
  return {
    logits: Float32Array.from(out[FR_LIVENESS_EMBED.output].data as Float32Array),
    embedding: Float32Array.from(out[FR_LIVENESS_EMBED.embedding].data as Float32Array),
  };
}

export function softmax(logits: ArrayLike<number>): number[] {
  const top = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** log(P(class) / (1 - P(class))) from the logits, finite even when saturated. */
export function classLogit(logits: ArrayLike<number>, index: number): number {
  const p = softmax(logits);
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p[index]));
  return Math.log(q / (1 - q));
}
