import { beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkName, Point, RawImage } from '@facelab/core';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';
import { faceSetup, sample3Region } from '../testing/fixtures.ts';
import { drawMask } from '../testing/degrade.ts';
import { lipRedness, notMaskedFromLips, notMaskedFromUnit } from './mask.ts';

let image: RawImage;
let points: Record<LandmarkName, Point>;
const measure = (img: RawImage): number => notMaskedFromLips(lipRedness(faceSetup(img, points).crop)).score;

beforeAll(async () => {
  ({ image, points } = await sample3Region());
});

describe('not masked', () => {
  it('takes the mask unit\'s probability and decision when present', () => {
    const unit = notMaskedFromUnit({ value: false, confidence: 0.07 });
    expect(unit.score).toBeCloseTo(0.93, 9);
    expect(unit).toMatchObject({ source: 'mask', masked: false });
  });

  it('without the unit, sees the lips and loses them under a drawn mask', () => {
    const p = points;
    const ied = p.right_eye[0] - p.left_eye[0];
    const polygon: Point[] = [
      [p.left_ear_bottom[0] - 0.1 * ied, p.nose[1] - 0.45 * ied],
      [p.nose[0], p.nose[1] - 0.6 * ied],
      [p.right_ear_bottom[0] + 0.1 * ied, p.nose[1] - 0.45 * ied],
      [p.right_ear_bottom[0], p.right_ear_bottom[1] + 0.2 * ied],
      [p.chin[0], p.chin[1] + 0.1 * ied],
      [p.left_ear_bottom[0], p.left_ear_bottom[1] + 0.2 * ied],
    ];
    expect(measure(image)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.notMasked);
    expect(measure(drawMask(image, polygon))).toBeLessThan(DEFAULT_THRESHOLDS.notMasked);
  });
});
