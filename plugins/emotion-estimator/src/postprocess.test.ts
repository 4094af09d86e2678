import { EMOTIONS } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { EMOTION_MODEL } from './models.ts';
import { blendLogLinear, softmaxRows, toEmotions } from './postprocess.ts';

describe('toEmotions', () => {
  it('maps the FER-2013 classes onto the contract order and renormalises', () => {
    // angry, disgust, fear, happy, sad, surprise, neutral (model order), summing to 2.
    const probs = new Float32Array([9, 9, 0.2, 0.1, 0.3, 0.4, 0.5, 0.2, 0.3]);
    const emotions = toEmotions(probs, 2, EMOTION_MODEL);
    expect(emotions.map((e) => e.emotion)).toEqual(EMOTIONS);
    const expected = { angry: 0.1, disgusted: 0.05, scared: 0.15, happy: 0.2, sad: 0.25, surprised: 0.1, neutral: 0.15 };
    for (const e of emotions) expect(e.confidence).toBeCloseTo(expected[e.emotion as keyof typeof expected], 6);
    expect(emotions.reduce((s, e) => s + e.confidence, 0)).toBeCloseTo(1, 12);
  });

  it('falls back to uniform confidences when the model gives nothing', () => {
    const emotions = toEmotions(new Float32Array(7), 0, EMOTION_MODEL);
    for (const e of emotions) expect(e.confidence).toBeCloseTo(1 / 7);
  });
});

describe('softmaxRows', () => {
  it('turns each row of logits into probabilities, large logits included', () => {
    const values = new Float32Array([0, Math.log(3), 1000, 1000]);
    softmaxRows(values, 2);
    expect(Array.from(values)).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.75, 6), 0.5, 0.5]);
  });
});

describe('blendLogLinear', () => {
  it('is the weighted geometric mean of two rows, renormalised', () => {
    const a = new Float32Array([0.5, 0.25, 0.25, 0.1, 0.1, 0.8]);
    const b = new Float32Array([0.25, 0.25, 0.5, 0.8, 0.1, 0.1]);
    expect(Array.from(blendLogLinear(a, b, 0, 3))).toEqual(Array.from(a).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(blendLogLinear(a, b, 1, 3))).toEqual(Array.from(b).map((v) => expect.closeTo(v, 6)));
    // Half and half: sqrt(a b) per class, then each row sums to 1.
    const half = blendLogLinear(a, b, 0.5, 3);
    const raw = [Math.sqrt(0.125), Math.sqrt(0.0625), Math.sqrt(0.125)];
    const sum = raw.reduce((x, y) => x + y, 0);
    expect(half[0]).toBeCloseTo(raw[0] / sum, 6);
    expect(half[1]).toBeCloseTo(raw[1] / sum, 6);
    expect(half[3] + half[4] + half[5]).toBeCloseTo(1, 6);
  });

  it('keeps a class one model rules out possible (no zero to the power)', () => {
    const out = blendLogLinear(new Float32Array([0, 1]), new Float32Array([0.5, 0.5]), 0.3, 2);
    expect(out[0]).toBeGreaterThan(0);
    expect(out[0] + out[1]).toBeCloseTo(1, 6);
  });
});
