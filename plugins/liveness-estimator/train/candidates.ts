/**
 * The `fr-liveness` crops measured for every face: Silent-Face's 2.7 square
 * and rectangle, the square at other context scales, and the 2.7 square
 * mirrored. Each gives the model's three logits; the leave-one-source-out
 * evaluation (loso.ts) scores every candidate built from them.
 */
import type { SpoofCropOptions } from '../src/spoof-score.ts';

export const FR_CROPS = {
  sq10: { scale: 1.0, shape: 'square' },
  sq12: { scale: 1.2, shape: 'square' },
  sq15: { scale: 1.5, shape: 'square' },
  sq20: { scale: 2.0, shape: 'square' },
  sq27: { scale: 2.7, shape: 'square' },
  sq40: { scale: 4.0, shape: 'square' },
  rect27: { scale: 2.7, shape: 'rectangle' },
  sq27m: { scale: 2.7, shape: 'square', mirror: true },
} as const satisfies Record<string, SpoofCropOptions>;

/** The crop the service feeds `fr-liveness-embed` (its embedding is stored per row). */
export const SERVED_CROP = FR_CROPS.sq12;

export type FrCrop = keyof typeof FR_CROPS;
export const FR_CROP_NAMES = Object.keys(FR_CROPS) as FrCrop[];
