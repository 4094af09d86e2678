/**
 * From P(real) to the contract's `liveness: {value, confidence}`: the face
 * is real when P(real) reaches the threshold, and the confidence is the
 * probability of the value given (P(real) for real, 1 - P(real) for fake).
 * The threshold is the plugin's default or the request's
 * `liveness_threshold`.
 */
import { probabilityParam, type LivenessValue, type Scored } from '@facelab/core';

/**
 * The default decision threshold on P(real), chosen on the dev set
 * (../shared/eval/dev liveness, `npm run eval liveness`) at BPCER 5%: 2 of
 * its 50 real faces fall below it (any value from 0.326 to 0.3339 gives the
 * same errors there). The head's weights come from ../shared/train/liveness
 * alone; dev chose this threshold and vetoed inputs by direction only.
 */
export const DEFAULT_THRESHOLD = 0.333;

export function decide(real: number, threshold: number): Scored<LivenessValue> {
  return real >= threshold ? { value: 'real', confidence: real } : { value: 'fake', confidence: 1 - real };
}

/** `?liveness_threshold=` as a number in [0, 1]; 422 naming the parameter otherwise. */
export function thresholdParam(params: Readonly<Record<string, string>>, fallback: number): number {
  return probabilityParam(params, 'liveness_threshold', fallback);
}
