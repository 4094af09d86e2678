import type { SampleObject } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { faceFrame, frameAffine } from './crop.ts';

const face = (points: NonNullable<SampleObject['landmarks']>['points'], bbox: SampleObject['bbox'] = [0.2, 0.2, 0.8, 0.8]): SampleObject => ({
  class: 'face',
  bbox,
  landmarks: { fitterType: 'test', points },
  extra: {},
});

describe('faceFrame', () => {
  it('centres between the eyes and the mouth, scaled by their distance', () => {
    const frame = faceFrame(face({ left_eye: [0.4, 0.4], right_eye: [0.6, 0.4], mouth: [0.5, 0.6] }), 200, 100)!;
    expect(frame.cx).toBeCloseTo(100, 6);
    expect(frame.cy).toBeCloseTo(50, 6);
    expect(frame.d).toBeCloseTo(20, 6);
    expect(frame.angle).toBeCloseTo(0, 6);
  });

  it('reads the roll from the eye line, in pixels', () => {
    const frame = faceFrame(face({ left_eye: [0.4, 0.4], right_eye: [0.5, 0.5], mouth: [0.35, 0.6] }), 100, 100)!;
    expect(frame.angle).toBeCloseTo(Math.PI / 4, 6);
  });

  it('uses the mouth corners when the mouth centre is missing', () => {
    const frame = faceFrame(face({ left_eye: [0.4, 0.4], right_eye: [0.6, 0.4], mouth_left: [0.45, 0.6], mouth_right: [0.55, 0.6] }), 100, 100)!;
    expect(frame.cy).toBeCloseTo(50, 6);
  });

  it('falls back to the box without eyes and mouth', () => {
    const frame = faceFrame(face({ nose: [0.5, 0.5] }, [0.1, 0.2, 0.5, 0.6]), 100, 100)!;
    expect(frame.cx).toBeCloseTo(30, 6);
    expect(frame.cy).toBeCloseTo(40, 6);
    expect(frame.d).toBeGreaterThan(10);
    expect(frame.angle).toBe(0);
  });

  it('gives no frame without landmarks or a usable box', () => {
    expect(faceFrame({ class: 'face', extra: {} }, 100, 100)).toBeUndefined();
  });
});

describe('frameAffine', () => {
  it('maps the crop centre to the frame centre with side scale * d', () => {
    const m = frameAffine({ cx: 50, cy: 60, d: 10, angle: 0 }, 2, 32);
    expect(m[0] * 16 + m[1] * 16 + m[2]).toBeCloseTo(50, 6);
    expect(m[3] * 16 + m[4] * 16 + m[5]).toBeCloseTo(60, 6);
    expect(m[0] * 32).toBeCloseTo(20, 6);
  });
});
