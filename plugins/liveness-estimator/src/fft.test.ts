import { describe, expect, it } from 'vitest';
import { fft1d, powerSpectrum } from './fft.ts';

/** A fixed pseudo-random sequence (no Math.random in tests). */
function sequence(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

describe('fft1d', () => {
  it('matches the direct DFT', () => {
    const n = 16;
    const re = sequence(n, 7);
    const im = sequence(n, 11);
    const expected = Array.from({ length: n }, (_, k) => {
      let r = 0;
      let i = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        r += re[t] * Math.cos(a) - im[t] * Math.sin(a);
        i += re[t] * Math.sin(a) + im[t] * Math.cos(a);
      }
      return [r, i];
    });
    const r = Float64Array.from(re);
    const i = Float64Array.from(im);
    fft1d(r, i, n);
    expected.forEach(([er, ei], k) => {
      expect(r[k]).toBeCloseTo(er, 10);
      expect(i[k]).toBeCloseTo(ei, 10);
    });
  });
});

describe('powerSpectrum', () => {
  it('puts a horizontal grating at its frequency', () => {
    const n = 32;
    const pixels = new Float64Array(n * n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) pixels[y * n + x] = Math.cos((2 * Math.PI * 8 * x) / n);
    const power = powerSpectrum(pixels, n);
    let best = 0;
    for (let i = 1; i < n * n; i++) if (power[i] > power[best]) best = i;
    // Row 0, column 8 or its mirror 24.
    expect([8, 24]).toContain(best);
    expect(power[0]).toBeCloseTo(0, 6);
  });
});
