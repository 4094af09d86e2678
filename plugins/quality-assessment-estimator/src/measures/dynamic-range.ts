/**
 * Dynamic range, as ISO/IEC 29794-5 and OFIQ define it: the Shannon entropy,
 * in bits (0..8), of the 256-bin histogram of the face region's luminance
 * (linear-light Y, 0..255). A face that uses many grey levels scores high;
 * a flat, under-exposed or low-contrast one low.
 */
import { histogram256, type Mask, type Plane } from '../pixels.ts';

export function luminanceEntropy(luminance: Plane, mask: Mask): number {
  const hist = histogram256(luminance, mask);
  let bits = 0;
  for (const p of hist) if (p > 0) bits -= p * Math.log2(p);
  return bits;
}
