import { describe, expect, it } from 'vitest';
import { mergeCandidates, toBodies, viewKeeps } from './postprocess.ts';
import type { View } from './preprocess.ts';

const WHOLE: View = { affine: [1, 0, 0, 0, 1, 0] };
const TOP_LEFT: View = { affine: [1, 0, 0, 0, 1, 0], tile: { x: 0, y: 0, w: 600, h: 300 } };

describe('viewKeeps', () => {
  it('keeps every candidate of a whole-picture view', () => {
    expect(viewKeeps({ box: [0, 0, 1000, 500], score: 1 }, WHOLE, 1000, 500)).toBe(true);
  });

  it('drops tile candidates cut by an inner edge, not by the picture edge', () => {
    expect(viewKeeps({ box: [0, 0, 100, 200], score: 1 }, TOP_LEFT, 1000, 500)).toBe(true);
    expect(viewKeeps({ box: [500, 50, 599, 200], score: 1 }, TOP_LEFT, 1000, 500)).toBe(false);
    expect(viewKeeps({ box: [100, 50, 200, 298], score: 1 }, TOP_LEFT, 1000, 500)).toBe(false);
  });
});

describe('mergeCandidates and toBodies', () => {
  it('keeps the best of overlapping boxes and makes normalised, clamped body objects, best first', () => {
    const merged = mergeCandidates(
      [
        { box: [100, 100, 200, 400], score: 0.6 },
        { box: [105, 95, 205, 410], score: 0.8 },
        { box: [300, -20, 420, 250], score: 0.7 },
      ],
      0.5,
      10,
    );
    expect(merged.map((c) => c.score)).toEqual([0.8, 0.7]);
    const bodies = toBodies(merged, 400, 500);
    expect(bodies).toEqual([
      { id: 0, class: 'body', confidence: 0.8, bbox: [105 / 400, 95 / 500, 205 / 400, 410 / 500], extra: {} },
      { id: 1, class: 'body', confidence: 0.7, bbox: [300 / 400, 0, 1, 250 / 500], extra: {} },
    ]);
  });

  it('stops at the most confident maxOut people', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ box: [i * 100, 0, i * 100 + 50, 100] as [number, number, number, number], score: i / 10 }));
    expect(mergeCandidates(many, 0.5, 3).map((c) => c.score)).toEqual([0.4, 0.3, 0.2]);
  });
});
