import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEY } from '@facelab/template-extractor';
import { CALIBRATION } from './plugin.ts';
import { ratesAt, thresholdFor } from './roc.ts';

describe('the shipped calibration', () => {
  it('belongs to the current template version and is a ROC table', () => {
    expect(CALIBRATION.template).toBe(TEMPLATE_KEY);
    const { far, frr } = CALIBRATION;
    expect(far.length).toBe(frr.length);
    expect(far.length).toBeGreaterThan(100);
    for (let i = 1; i < far.length; i++) {
      expect(far[i]).toBeGreaterThanOrEqual(far[i - 1]);
      expect(frr[i]).toBeLessThanOrEqual(frr[i - 1]);
    }
    expect(far[far.length - 1]).toBe(1);
    expect(frr[frr.length - 1]).toBe(0);
  });

  it('reads monotone rates and a score that falls with distance', () => {
    let last = ratesAt(CALIBRATION, 0);
    for (let d = 0.01; d <= 2; d += 0.01) {
      const r = ratesAt(CALIBRATION, d);
      expect(r.fa_r).toBeGreaterThanOrEqual(last.fa_r);
      expect(r.fr_r).toBeLessThanOrEqual(last.fr_r);
      expect(r.score).toBeLessThanOrEqual(last.score);
      expect(r.score).toBeGreaterThanOrEqual(0);
      last = r;
    }
  });

  it('inverts fa_r: the threshold for a rate reads that rate back', () => {
    for (const far of [1e-1, 1e-2, 1e-3]) {
      const t = thresholdFor(CALIBRATION, far);
      expect(ratesAt(CALIBRATION, t).fa_r).toBeCloseTo(far, 6);
    }
  });
});
