import { beforeAll, describe, expect, it } from 'vitest';
import { HttpError, QUALITY_FIELDS, type LandmarkName, type Point, type RawImage } from '@facelab/core';
import { assessFace } from './assess.ts';
import { qualityMeasures } from './postprocess.ts';
import { decide, DEFAULT_THRESHOLDS } from './thresholds.ts';
import { totalScore } from './total.ts';
import { faceObject, sample3Region } from './testing/fixtures.ts';
import { closeEye, gaussianBlur } from './testing/degrade.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('assessFace + qualityMeasures', () => {
  it('gives the contract\'s 29 fields, in its order, with its types and scales', () => {
    const q = qualityMeasures(assessFace(image, faceObject(points, image.width, image.height), 0), DEFAULT_THRESHOLDS);
    expect(Object.keys(q)).toEqual(QUALITY_FIELDS.map(([camel]) => camel));
    for (const [name, value] of Object.entries(q)) {
      if (name.startsWith('is') || name.startsWith('has') || name === 'noFlare' || name === 'notMasked') expect(typeof value, name).toBe('boolean');
      else expect(Number.isFinite(value), name).toBe(true);
    }
    for (const name of ['totalScore', 'sharpnessScore', 'illuminationScore', 'leftEyeOpennessScore', 'rightEyeOpennessScore', 'notMaskedScore', 'neutralEmotionScore', 'noiseScore', 'watermarkScore', 'backgroundUniformityScore'] as const) {
      expect(q[name] as number, name).toBeGreaterThanOrEqual(0);
      expect(q[name] as number, name).toBeLessThanOrEqual(1);
    }
    expect(Number.isInteger(q.eyesDistance)).toBe(true);
    expect(q.eyesDistance as number).toBeGreaterThan(80);
    expect(q.dynamicRangeScore as number).toBeGreaterThan(0);
    expect(q.dynamicRangeScore as number).toBeLessThanOrEqual(8);
  });

  it('lowers the total and flips the matching booleans for each defect', () => {
    const object = faceObject(points, image.width, image.height);
    const clean = assessFace(image, object, 0);
    const blurred = assessFace(gaussianBlur(image, 4), object, 0);
    const ied = points.right_eye[0] - points.left_eye[0];
    const closed = assessFace(closeEye(closeEye(image, points.left_eye, 0.32 * ied, 0.16 * ied), points.right_eye, 0.32 * ied, 0.16 * ied), object, 0);
    expect(decide(clean).isSharp).toBe(true);
    expect(decide(blurred).isSharp).toBe(false);
    expect(decide(clean).isLeftEyeOpened && decide(clean).isRightEyeOpened).toBe(true);
    expect(decide(closed).isLeftEyeOpened || decide(closed).isRightEyeOpened).toBe(false);
    expect(totalScore(blurred)).toBeLessThan(totalScore(clean));
    expect(totalScore(closed)).toBeLessThan(totalScore(clean));
  });

  it('uses the mask and emotion attributes when the object carries them', () => {
    const object = faceObject(points, image.width, image.height, {
      mask: { value: true, confidence: 0.9 },
      emotions: [
        { emotion: 'happy', confidence: 0.8 },
        { emotion: 'neutral', confidence: 0.2 },
      ],
    });
    const q = qualityMeasures(assessFace(image, object, 0), DEFAULT_THRESHOLDS);
    expect(q.notMasked).toBe(false);
    expect(q.notMaskedScore).toBeCloseTo(0.1, 2);
    expect(q.isNeutralEmotion).toBe(false);
    expect(q.neutralEmotionScore).toBeCloseTo(0.2, 2);
  });

  it('refuses a face without eye landmarks with a 422 naming the object', () => {
    const { left_eye, left_eye_left, left_eye_right, ...rest } = points;
    expect(() => assessFace(image, faceObject(rest, image.width, image.height), 3)).toThrow(HttpError);
    try {
      assessFace(image, faceObject(rest, image.width, image.height), 3);
    } catch (error) {
      expect((error as HttpError).status).toBe(422);
      expect(JSON.stringify((error as HttpError).detail)).toContain('"objects",3');
    }
  });

  it('takes its thresholds from the caller', () => {
    const a = assessFace(image, faceObject(points, image.width, image.height), 0);
    expect(decide(a, { ...DEFAULT_THRESHOLDS, eyeDistance: 10 }).isEyesDistanceAcceptable).toBe(true);
    expect(decide(a, { ...DEFAULT_THRESHOLDS, eyeDistance: 1000 }).isEyesDistanceAcceptable).toBe(false);
  });
});
