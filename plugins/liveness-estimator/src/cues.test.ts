import type { RawImage } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { CUE_NAMES, measureCues, type CueName } from './cues.ts';

const N = 128;

/** An RGB picture from a luma function (0..1), skin-toned. */
function picture(luma: (x: number, y: number) => number): RawImage {
  const data = new Uint8Array(N * N * 3);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const v = Math.max(0, Math.min(1, luma(x, y)));
      const o = (y * N + x) * 3;
      data[o] = Math.round(255 * v);
      data[o + 1] = Math.round(220 * v);
      data[o + 2] = Math.round(190 * v);
    }
  }
  return { width: N, height: N, data };
}

/** Smooth deterministic "skin": a few low-frequency waves and fixed fine noise. */
function skin(x: number, y: number): number {
  const noise = (((x * 73856093) ^ (y * 19349663)) >>> 0) % 1000;
  return 0.55 + 0.12 * Math.sin(x / 17) * Math.cos(y / 23) + 0.03 * (noise / 1000 - 0.5);
}

const cue = (values: Float64Array, name: CueName): number => values[CUE_NAMES.indexOf(name)];

describe('measureCues', () => {
  it('returns every named cue, finite', () => {
    const values = measureCues(picture(skin));
    expect(values).toHaveLength(CUE_NAMES.length);
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
  });

  it('sees a screen-like fine grating as spectral peaks and high-frequency energy', () => {
    const plain = measureCues(picture(skin));
    const moire = measureCues(picture((x, y) => skin(x, y) + 0.04 * Math.sin((2 * Math.PI * x) / 3.2)));
    expect(cue(moire, 'spec_peak')).toBeGreaterThan(cue(plain, 'spec_peak') + 2);
    expect(cue(moire, 'spec_high')).toBeGreaterThan(cue(plain, 'spec_high'));
  });

  it('reads blur as a lower Laplacian variance', () => {
    const sharp = measureCues(picture(skin));
    const blurred = measureCues(
      picture((x, y) => {
        let s = 0;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) s += skin(x + dx, y + dy);
        return s / 25;
      }),
    );
    expect(cue(blurred, 'lap_var')).toBeLessThan(cue(sharp, 'lap_var') - 1);
  });

  it('counts bright colourless pixels as specular', () => {
    const glare = picture(() => 0.5);
    for (let y = 0; y < N; y++) glare.data.fill(250, y * N * 3, (y * N + N / 4) * 3);
    expect(cue(measureCues(glare), 'specular')).toBeCloseTo(0.25, 6);
    expect(cue(measureCues(picture(() => 1)), 'specular')).toBe(0);
  });

  it('finds a straight edge running across the crop', () => {
    const plain = measureCues(picture(skin));
    const edged = measureCues(picture((x, y) => skin(x, y) * (x < 100 ? 1 : 0.3)));
    expect(cue(edged, 'border_line')).toBeGreaterThan(2 * cue(plain, 'border_line'));
  });

  it('refuses a crop that is not a power-of-two square', () => {
    expect(() => measureCues({ width: 100, height: 100, data: new Uint8Array(100 * 100 * 3) })).toThrow(/power-of-two/);
  });
});
