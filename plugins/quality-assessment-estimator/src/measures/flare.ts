/**
 * Flare: the share of the face region whose luminance is clipped, i.e. in
 * 247..255, the range of OFIQ's over-exposure prevention (ISO/IEC 29794-5).
 * Specular glare, a flash hot spot or a blown-out face all leave such
 * pixels; healthy skin almost never does. The contract only carries the
 * boolean (`noFlare`); the share itself goes into the total score the way
 * OFIQ scales over-exposure, min(1, 0.01 / (share + 0.01)).
 */
import type { Mask, Plane } from '../pixels.ts';

export const CLIPPED_LUMINANCE = 247;

export function clippedShare(luminance: Plane, mask: Mask): number {
  let n = 0;
  let clipped = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    n++;
    if (luminance.data[i] >= CLIPPED_LUMINANCE) clipped++;
  }
  return n > 0 ? clipped / n : 0;
}

export function flareQuality(share: number): number {
  return Math.min(1, 0.01 / (share + 0.01));
}
