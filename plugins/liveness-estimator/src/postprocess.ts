/**
 * From P(real) to the contract's `liveness: {value, confidence}`: the face
 * is real when P(real) reaches the threshold, and the confidence is the
 * probability of the value given (P(real) for real, 1 - P(real) for fake).
 * The threshold is the plugin's default or the request's
 * `liveness_threshold`.
 */
import { probabilityParam, type LivenessValue, type Scored } from '@facelab/core';

/**
 * The default decision threshold on P(real), set on training data only
 * (plugins/liveness-estimator/train/fit-head.ts): the calibrated P(real)
 * below which 5% of the training real faces fall, each face scored by the
 * head fitted without its source (leave-one-source-out, pooled). The head's
 * manifest fragment (models/trained/liveness-embed-head.json,
 * `training.defaultThreshold`) records the same value; a test checks they agree.
 */
export const DEFAULT_THRESHOLD = 0.2688;

export function decide(real: number, threshold: number): Scored<LivenessValue> {
  return real >= threshold ? { value: 'real', confidence: real } : { value: 'fake', confidence: 1 - real };
}

/** `?liveness_threshold=` as a number in [0, 1]; 422 naming the parameter otherwise. */
export function thresholdParam(params: Readonly<Record<string, string>>, fallback: number): number {
  return probabilityParam(params, 'liveness_threshold', fallback);
}
