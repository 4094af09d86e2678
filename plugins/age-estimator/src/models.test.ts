import type { ModelEntry } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { checkEntry, FACERES } from './models.ts';

const entry = (over: Partial<ModelEntry> = {}): ModelEntry => ({
  id: 'faceres',
  inputs: [{ name: 'input_1', shape: ['batch', 224, 224, 3] }],
  outputs: [
    { name: 'gender_pred/Sigmoid', shape: ['batch', 1] },
    { name: 'age_pred/Softmax', shape: ['batch', 100] },
  ],
  tensor: { width: 224, height: 224, layout: 'nhwc', channels: 'bgr', mean: [103.939, 116.779, 123.68], std: [1, 1, 1] },
  ...over,
});

describe('checkEntry', () => {
  it('accepts the manifest entry the converter writes', () => {
    expect(() => checkEntry(FACERES, entry())).not.toThrow();
  });

  it('names a missing output, another input size and other preprocessing', () => {
    expect(() => checkEntry(FACERES, entry({ outputs: [{ name: 'age_pred/Softmax', shape: ['batch', 100] }] }))).toThrow(/no output "gender_pred\/Sigmoid"/);
    expect(() => checkEntry(FACERES, entry({ inputs: [{ name: 'input_1', shape: ['batch', 192, 192, 3] }] }))).toThrow(/not 224x224/);
    expect(() => checkEntry(FACERES, entry({ tensor: { channels: 'rgb', mean: [0, 0, 0] } }))).toThrow(/preprocessing rgb/);
  });
});
