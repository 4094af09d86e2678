/**
 * Colour texture: the uniform LBP(8,1) code table, the HSV/YCbCr channels,
 * and the whole descriptor on a real photo (face-api's demo sample 1, a
 * fixed box in its left half).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_IMAGE_LIMITS, ImageSource } from '@facelab/core';
import { createSharpCodec } from '@facelab/runtime';
import { describe, expect, it } from 'vitest';
import { colourChannels, colourTexture, LBP_BINS, lbpHistogram, TEXTURE_CHANNELS } from './colour-texture.ts';

const DEMO = new URL('../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);
const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

describe('lbpHistogram', () => {
  it('puts every pixel of a flat channel in the all-ones code (the last uniform bin)', () => {
    const hist = lbpHistogram(new Float32Array(16 * 16).fill(7), 16);
    expect(hist).toHaveLength(LBP_BINS);
    expect(hist[57]).toBe(1);
    expect(sum(hist)).toBeCloseTo(1, 12);
  });

  it('sends a checkerboard, whose codes alternate around the circle, to the non-uniform bin', () => {
    const n = 16;
    const board = Float32Array.from({ length: n * n }, (_, i) => ((i % n) + Math.floor(i / n)) % 2);
    const hist = lbpHistogram(board, n);
    // A dark centre sees its four diagonal neighbours equal (set) and its four edge neighbours brighter (set): code 255.
    // A bright centre sees only the diagonals (equal): 0b01010101 or its rotation, eight transitions: non-uniform.
    expect(hist[58]).toBeCloseTo(0.5, 1);
    expect(hist[57]).toBeCloseTo(0.5, 1);
  });

  it('gives a vertical edge uniform codes only', () => {
    const n = 16;
    const edge = Float32Array.from({ length: n * n }, (_, i) => (i % n < n / 2 ? 0 : 100));
    expect(lbpHistogram(edge, n)[58]).toBe(0);
  });
});

describe('colourChannels', () => {
  it('reads pure red as hue 0, full saturation and value, BT.601 luma and chroma', () => {
    const [h, s, v, y, cb, cr] = colourChannels(Float32Array.from([255, 0, 0]), 1);
    expect(h[0]).toBe(0);
    expect(s[0]).toBe(255);
    expect(v[0]).toBe(255);
    expect(y[0]).toBeCloseTo(76.245, 3);
    expect(cb[0]).toBeCloseTo(128 - 0.564 * 76.245, 3);
    expect(cr[0]).toBeCloseTo(128 + 0.713 * (255 - 76.245), 3);
  });

  it('puts pure blue two thirds round the hue circle, grey at zero saturation', () => {
    const [h, s] = colourChannels(Float32Array.from([0, 0, 255, 90, 90, 90]), 2);
    expect(h[0]).toBeCloseTo(170, 3);
    expect(s[1]).toBe(0);
  });
});

describe('colourTexture on a real photo', () => {
  it('gives six normalised histograms that change with the crop scale', async () => {
    const picture = await ImageSource.open(readFileSync(new URL('sample1.jpg', DEMO)), createSharpCodec(), DEFAULT_IMAGE_LIMITS, ['image']).full();
    const box = [0.1, 0.15, 0.3, 0.45] as [number, number, number, number];
    const tight = colourTexture(picture, box, 1.0);
    const loose = colourTexture(picture, box, 2.0);
    expect(tight).toHaveLength(TEXTURE_CHANNELS.length * LBP_BINS);
    for (let k = 0; k < TEXTURE_CHANNELS.length; k++) expect(sum(tight.subarray(k * LBP_BINS, (k + 1) * LBP_BINS))).toBeCloseTo(1, 9);
    // A photo is not flat: more than the all-ones code in every channel.
    for (let k = 0; k < TEXTURE_CHANNELS.length; k++) expect(tight[k * LBP_BINS + 57]).toBeLessThan(0.9);
    expect(sum(tight.map((v, i) => Math.abs(v - loose[i])))).toBeGreaterThan(0.05);
  });
});
