import type { ModelEntry } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { checkEntry, EMOTION_HEAD_MODEL, EMOTION_MODEL, MINI_XCEPTION_MODEL } from './models.ts';

const entry = (labels: string[]): ModelEntry => ({
  id: 'emotion',
  inputs: [{ name: 'input_1', shape: ['batch', 64, 64, 1] }],
  outputs: [{ name: 'Identity', shape: ['batch', 7], labels } as ModelEntry['outputs'][number]],
});

describe('checkEntry', () => {
  it('accepts the FER-2013 label order and refuses another', () => {
    expect(() => checkEntry(MINI_XCEPTION_MODEL, entry(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']))).not.toThrow();
    // The AffectNet order Human uses for 3-channel models would silently swap sad, surprise and neutral.
    expect(() => checkEntry(MINI_XCEPTION_MODEL, entry(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']))).toThrow(/labels/);
  });

  it('checks the input shape in the layout of each model', () => {
    const fr = (shape: (string | number)[]): ModelEntry => ({ id: 'fr-expression', inputs: [{ name: 'input', shape }], outputs: [{ name: 'output', shape: [1, 7] }] });
    expect(() => checkEntry(EMOTION_MODEL, fr([1, 3, 224, 224]))).not.toThrow();
    expect(() => checkEntry(EMOTION_MODEL, fr([1, 224, 224, 3]))).toThrow(/input/);
  });

  it('wants the pooled-features output when a trained head reads it', () => {
    const outputs = [{ name: 'output', shape: [1, 7] }];
    const fr = (extra: { name: string; shape: number[] }[]): ModelEntry => ({ id: 'fr-expression-embed', inputs: [{ name: 'input', shape: [1, 3, 224, 224] }], outputs: [...outputs, ...extra] });
    expect(() => checkEntry(EMOTION_HEAD_MODEL, fr([{ name: '1160', shape: [1, 1024] }]))).not.toThrow();
    expect(() => checkEntry(EMOTION_HEAD_MODEL, fr([]))).toThrow(/features output "1160"/);
  });
});
