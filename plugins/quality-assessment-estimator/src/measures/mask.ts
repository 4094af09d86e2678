/**
 * Not masked: taken from the `mask` unit when the request ran it (or from
 * the client's `mask`/`has_medical_mask`): notMasked is the unit's own
 * decision (it honours `mask_threshold`), notMaskedScore = 1 - its
 * confidence, which is the probability of a mask as in the contract's
 * example (`{confidence: 0.07, value: false}`).
 *
 * Without a mask attribute the fallback is our own test, a weak one: a
 * medical mask hides the lips. Lips are redder than the skin around them
 * under any light (the comparison is local, so a coloured light or a tan
 * shifts both sides alike), a mask's fabric is one colour across the same
 * area. The measure is the difference of CIELAB a* (red-green) between the
 * redder part of the lip band (its 85th percentile; a smile's teeth fill
 * the middle) over the mouth's width, 0.12 IED high, and the median of the
 * ring of skin around it (0.25 IED wider, 0.35 IED high, less the lips);
 * score = sigmoid((da - 3) / 1.5). Undecided (0.5) for a face under 24 px
 * between the eyes or a mouth outside the picture. Pale lips, a moustache
 * or a red mask fool it. (A second cue, the dark line between the lips, was
 * tried and dropped: a mask's pleats and edges draw such lines too.)
 */
import type { Scored } from '@facelab/core';
import type { FaceCrop } from '../preprocess.ts';
import { andNotMask, emptyMask, fillEllipse, logistic, quantile, srgbToLinear, type Mask } from '../pixels.ts';

export interface NotMasked {
  score: number;
  source: 'mask' | 'lips';
  /** The mask unit's own decision (true = masked), when it came from the unit. */
  masked?: boolean;
}

export function notMaskedFromUnit(mask: Scored<boolean>): NotMasked {
  return { score: 1 - mask.confidence, source: 'mask', masked: mask.value };
}

/** CIELAB (D65) of an sRGB pixel. */
export function srgbToLab(r: number, g: number, b: number): [number, number, number] {
  const R = srgbToLinear(r);
  const G = srgbToLinear(g);
  const B = srgbToLinear(b);
  const X = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const Z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}

function quantileOf(values: number[], q: number): number {
  return values.length >= 8 ? quantile(Float32Array.from(values), q) : Number.NaN;
}

/** Lip redness: CIELAB a* of the redder part of the lip band over the median of the skin around the mouth. */
export function lipRedness(crop: FaceCrop): number {
  const { face, size, rgb } = crop;
  const angle = Math.atan2(face.rightEye[1] - face.leftEye[1], face.rightEye[0] - face.leftEye[0]);
  const l = face.points.mouth_left;
  const r = face.points.mouth_right;
  const half = l && r ? Math.hypot(r[0] - l[0], r[1] - l[1]) / 2 : 0.4 * face.ied;
  const d = face.ied;
  const [cx, cy] = face.mouth;
  const lips = fillEllipse(emptyMask(size, size), cx, cy, half, 0.12 * d, angle);
  const ring = andNotMask(fillEllipse(emptyMask(size, size), cx, cy, half + 0.25 * d, 0.35 * d, angle), fillEllipse(emptyMask(size, size), cx, cy, half + 0.08 * d, 0.2 * d, angle));
  const redness = (mask: Mask): number[] => {
    const a: number[] = [];
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i] && crop.inside.data[i]) a.push(srgbToLab(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2])[1]);
    return a;
  };
  // The redder part of the lip band: a smile's teeth fill its middle.
  return quantileOf(redness(lips), 0.85) - quantileOf(redness(ring), 0.5);
}

/** Undecided (0.5) without evidence: a face too small to see its mouth, or a mouth outside the picture. */
export function notMaskedFromLips(redness: number | undefined): NotMasked {
  if (redness === undefined || !Number.isFinite(redness)) return { score: 0.5, source: 'lips' };
  return { score: logistic((redness - 3) / 1.5), source: 'lips' };
}
