/**
 * From P(real) to the contract's `liveness: {value, confidence}`: the face
 * is real when P(real) reaches the threshold, and the confidence is the
 * probability of the value given (P(real) for real, 1 - P(real) for fake).
 * The threshold is the plugin's default or the request's
 * `liveness_threshold`.
 */
import { validationError, type LivenessValue, type Scored } from '@facelab/core';

/**
 * The default decision threshold on P(real), chosen on the dev set
 * (../shared/eval/dev liveness) at BPCER 5%: at most 5% of the real faces
 * there fall below it. Only the threshold was chosen on dev; the head was
 * trained on ../shared/train/liveness alone.
 */
export const DEFAULT_THRESHOLD = 0.5;

export function decide(real: number, threshold: number): Scored<LivenessValue> {
  return real >= threshold ? { value: 'real', confidence: real } : { value: 'fake', confidence: 1 - real };
}

/** `?liveness_threshold=` as a number in [0, 1]; 422 naming the parameter otherwise. */
export function thresholdParam(params: Readonly<Record<string, string>>, fallback: number): number {
  const raw = params.liveness_threshold;
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw validationError(['query', 'liveness_threshold'], `liveness_threshold must be a number between 0 and 1, got "${raw}"`);
  }
  return value;
}
