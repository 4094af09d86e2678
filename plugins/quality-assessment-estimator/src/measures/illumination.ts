/**
 * Illumination: how evenly and how well the face is lit.
 *
 * Uniformity follows ISO/IEC 29794-5 and OFIQ exactly: in the 616-unit
 * aligned frame, take two square zones of side 0.3 x inter-eye distance,
 * half the eye-to-mouth distance below each eye centre, each on the nose's
 * side of its eye; the intersection of their normalised 256-bin luminance
 * histograms (sum of bin-wise minima, 0..1) is raised to the power 0.3, as
 * OFIQ maps it to its 0..100 scale.
 *
 * Exposure is our own addition, because the contract has one illumination
 * score and no luminance measure: a face whose mean luma (gamma-coded, as
 * seen) lies between 80 and 200 is well exposed (1); the factor falls
 * linearly to 0 at 25 (too dark) and at 245 (washed out). We chose
 * gamma-coded luma and this wide band over OFIQ's luminance-mean sigmoid
 * on linear light because that one marks well-lit dark skin as
 * under-exposed. illuminationScore = uniformity x exposure.
 */
import type { Affine, RawImage } from '@facelab/core';
import { distance, midpoint, type FaceGeometry } from '../face.ts';
import { histogram256, luminancePlane, type Mask, type Plane } from '../pixels.ts';
import { mapPoint, warpCanonical } from '../preprocess.ts';

/** The two OFIQ zones (image-left first), warped from the source at one pixel per canonical unit. */
export function illuminationZones(image: RawImage, toCanonical: Affine, face: FaceGeometry): [Plane, Plane] {
  const left = mapPoint(toCanonical, face.leftEye);
  const right = mapPoint(toCanonical, face.rightEye);
  const mouth = mapPoint(toCanonical, face.mouth);
  const zone = Math.max(2, Math.floor(0.3 * distance(left, right)));
  const drop = Math.floor(distance(midpoint(left, right), mouth) / 2);
  const a = warpCanonical(image, toCanonical, Math.round(left[0]), Math.round(left[1]) + drop, zone, zone);
  const b = warpCanonical(image, toCanonical, Math.round(right[0]) - zone, Math.round(right[1]) + drop, zone, zone);
  return [luminancePlane(a.data, a.width, a.height), luminancePlane(b.data, b.width, b.height)];
}

/** OFIQ's raw illumination uniformity: histogram intersection of the two zones, 0..1. */
export function histogramIntersection(a: Plane, b: Plane): number {
  const ha = histogram256(a);
  const hb = histogram256(b);
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += Math.min(ha[i], hb[i]);
  return sum;
}

/** Mean of a plane under a mask (NaN when empty). */
export function maskedMean(plane: Plane, mask: Mask): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]) {
      s += plane.data[i];
      n++;
    }
  }
  return n > 0 ? s / n : Number.NaN;
}

const DARK = 25;
const LOW = 80;
const HIGH = 200;
const WHITE = 245;

/** Exposure factor of a mean luma: 1 inside [80, 200], linear to 0 at 25 and 245. */
export function exposureFactor(meanLuma: number): number {
  if (!Number.isFinite(meanLuma)) return 0;
  if (meanLuma <= DARK || meanLuma >= WHITE) return 0;
  if (meanLuma < LOW) return (meanLuma - DARK) / (LOW - DARK);
  if (meanLuma > HIGH) return (WHITE - meanLuma) / (WHITE - HIGH);
  return 1;
}

export function illuminationScore(intersection: number, meanLuma: number): number {
  return Math.pow(Math.max(0, intersection), 0.3) * exposureFactor(meanLuma);
}
