/**
 * From the head's probabilities to the contract's `{value, confidence}`:
 * confidence is P(mask) (the page's example pairs 0.07 with false), value is
 * whether it reaches the threshold. The threshold comes from the request's
 * `mask_threshold` query parameter or the unit's default.
 */
import { probabilityParam, type Scored } from '@facelab/core';

/** The threshold to use for a request; a bad `mask_threshold` is a 422. */
export function maskThreshold(params: Readonly<Record<string, string>>, fallback: number): number {
  return probabilityParam(params, 'mask_threshold', fallback);
}

/** The attribute for one face. */
export function toMask(probability: number, threshold: number): Scored<boolean> {
  const confidence = Math.min(1, Math.max(0, probability));
  return { value: confidence >= threshold, confidence };
}
