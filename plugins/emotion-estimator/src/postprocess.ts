/**
 * From the model's class probabilities to the contract's `emotions`: all
 * seven, in the contract's order (angry, disgusted, scared, happy, neutral,
 * sad, surprised), confidences renormalised to sum to 1.
 */
import { EMOTIONS, type EmotionScore } from '@facelab/core';
import type { EmotionModel } from './models.ts';

/** The emotions of one face from `labels.length` probabilities at `offset`. */
export function toEmotions(probs: ArrayLike<number>, offset: number, model: EmotionModel): EmotionScore[] {
  const byEmotion = new Map<string, number>();
  let total = 0;
  model.labels.forEach((label, i) => {
    const p = Math.max(0, probs[offset + i]);
    byEmotion.set(model.contract[label], p);
    total += p;
  });
  const uniform = 1 / EMOTIONS.length;
  return EMOTIONS.map((emotion) => ({ emotion, confidence: total > 0 ? (byEmotion.get(emotion) ?? 0) / total : uniform }));
}

/** Softmax over each row of `per` logits, in place. */
export function softmaxRows(values: Float32Array, per: number): void {
  for (let row = 0; row < values.length; row += per) {
    let max = -Infinity;
    for (let i = row; i < row + per; i++) max = Math.max(max, values[i]);
    let sum = 0;
    for (let i = row; i < row + per; i++) sum += values[i] = Math.exp(values[i] - max);
    for (let i = row; i < row + per; i++) values[i] /= sum;
  }
}

/**
 * Per row, a^(1 - weight) x b^weight renormalised: a weighted geometric
 * mean of two models' probabilities over the same classes (same length,
 * rows of equal size), the weighted sum of their log-probabilities.
 */
export function blendLogLinear(a: Float32Array, b: Float32Array, weight: number, per = 7): Float32Array {
  const out = new Float32Array(a.length);
  for (let row = 0; row < a.length; row += per) {
    let sum = 0;
    for (let i = row; i < row + per; i++) sum += out[i] = Math.exp((1 - weight) * Math.log(Math.max(a[i], 1e-9)) + weight * Math.log(Math.max(b[i], 1e-9)));
    for (let i = row; i < row + per; i++) out[i] /= sum;
  }
  return out;
}
