import { applyAffine } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { NANODET } from './models.ts';
import { fillViews, letterbox, planViews } from './preprocess.ts';

describe('letterbox', () => {
  it('fits the longer side and centres the shorter one', () => {
    const m = letterbox({ x: 0, y: 0, w: 800, h: 400 }, 416);
    expect(applyAffine(m, 0, 0)).toEqual([0, -200]);
    expect(applyAffine(m, 416, 416)).toEqual([800, 600]);
  });

  it('leaves a border on every side when the picture fills less than the input', () => {
    const m = letterbox({ x: 0, y: 0, w: 700, h: 350 }, 416, 0.7);
    expect(applyAffine(m, 208, 208)).toEqual([350, 175]);
    const [left] = applyAffine(m, 0, 0);
    expect(left).toBeCloseTo(-150);
  });
});

describe('planViews', () => {
  it('sees the whole picture once per scale, and adds four overlapping tiles on request', () => {
    expect(planViews(1000, 500, 416, [1, 0.7], false)).toHaveLength(2);
    const views = planViews(1000, 500, 416, [1], true);
    expect(views).toHaveLength(5);
    const tiles = views.flatMap((v) => (v.tile ? [v.tile] : []));
    expect(tiles.map((t) => [t.x, t.y, t.w, t.h])).toEqual([
      [0, 0, 600, 300],
      [400, 0, 600, 300],
      [0, 200, 600, 300],
      [400, 200, 600, 300],
    ]);
  });
});

describe('fillViews', () => {
  it('writes each view as a BGR, mean/std-normalised NCHW crop, black outside the picture', () => {
    const image = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(0).map((_, i) => [200, 100, 50][i % 3]) };
    const views = planViews(4, 2, 416, [1, 0.5], false);
    const out = fillViews(image, views, NANODET.layout);
    const plane = 416 * 416;
    expect(out).toHaveLength(2 * 3 * plane);
    const { mean, std } = NANODET.layout;
    const centre = 208 * 416 + 208;
    // Channel 0 is blue (50), channel 2 red (200).
    expect(out[centre]).toBeCloseTo((50 - mean[0]) / std[0], 4);
    expect(out[2 * plane + centre]).toBeCloseTo((200 - mean[2]) / std[2], 4);
    // Top-left of the first view is letterbox border: a black pixel.
    expect(out[0]).toBeCloseTo(-mean[0] / std[0], 4);
    expect(out[3 * plane + centre]).toBeCloseTo((50 - mean[0]) / std[0], 4);
  });
});
