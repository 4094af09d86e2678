import { describe, expect, it } from 'vitest';
import type { EmotionScore, Point } from '@facelab/core';
import { faceGeometry } from '../face.ts';
import { faceObject, SAMPLE3_FACE } from '../testing/fixtures.ts';
import { mouthShape, neutralityFromEmotions, neutralityFromGeometry } from './expression.ts';

const emotions = (top: string, p: number): EmotionScore[] =>
  (['angry', 'disgusted', 'scared', 'happy', 'neutral', 'sad', 'surprised'] as const).map((emotion) => ({ emotion, confidence: emotion === top ? p : (1 - p) / 6 }));

describe('neutral emotion', () => {
  it('takes the emotion unit\'s neutral share and needs neutral on top', () => {
    expect(neutralityFromEmotions(emotions('neutral', 0.6))).toMatchObject({ neutralIsTop: true, source: 'emotion' });
    expect(neutralityFromEmotions(emotions('neutral', 0.6)).score).toBeCloseTo(0.6, 9);
    const happy = neutralityFromEmotions(emotions('happy', 0.7));
    expect(happy.neutralIsTop).toBe(false);
    expect(happy.score).toBeCloseTo(0.05, 9);
  });

  it('without emotions, a wider, lifted mouth (a smile) scores lower than the resting one', () => {
    const W = 1920;
    const H = 1350;
    const rest = { ...SAMPLE3_FACE, mouth_left: [648, 536] as Point, mouth_right: [703, 536] as Point };
    const smile = { ...SAMPLE3_FACE, mouth_left: [620, 522] as Point, mouth_right: [730, 522] as Point };
    const restScore = neutralityFromGeometry(mouthShape(faceGeometry(faceObject(rest, W, H), 0, W, H))).score;
    const smileScore = neutralityFromGeometry(mouthShape(faceGeometry(faceObject(smile, W, H), 0, W, H))).score;
    expect(restScore).toBeGreaterThanOrEqual(0.5);
    expect(smileScore).toBeLessThan(0.5);
  });
});
