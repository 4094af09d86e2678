import { describe, expect, it } from 'vitest';
import type { Affine, Tensor } from '@facelab/core';
import { decodeView } from './decode.ts';
import { NANODET } from './models.ts';

const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];
const BINS = NANODET.regMax + 1;

/** Empty head outputs for one view: every score 0, every distribution uniform. */
function emptyOutputs(): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const level of NANODET.levels) {
    const cells = (NANODET.layout.width / level.stride) ** 2;
    out[level.scores] = { type: 'float32', data: new Float32Array(cells * NANODET.classes), dims: [1, cells, NANODET.classes] };
    out[level.boxes] = { type: 'float32', data: new Float32Array(cells * 4 * BINS), dims: [1, cells, 4 * BINS] };
  }
  return out;
}

/** Puts a person of `score` at a cell whose four sides peak sharply at the given bins. */
function plant(out: Record<string, Tensor>, levelIndex: number, row: number, col: number, score: number, bins: number[], cls = NANODET.personClass): void {
  const level = NANODET.levels[levelIndex];
  const cell = row * (NANODET.layout.width / level.stride) + col;
  (out[level.scores].data as Float32Array)[cell * NANODET.classes + cls] = score;
  const reg = out[level.boxes].data as Float32Array;
  bins.forEach((bin, side) => (reg[(cell * 4 + side) * BINS + bin] = 50));
}

describe('decodeView', () => {
  it('turns the per-side distributions into distances from the cell centre, in stride units', () => {
    const out = emptyOutputs();
    plant(out, 1, 3, 5, 0.9, [2, 4, 3, 6]);
    const [c] = decodeView(out, NANODET, IDENTITY, 0.5);
    // stride 16, centre ((5 + 0.5) * 16, (3 + 0.5) * 16) = (88, 56)
    expect(c.score).toBeCloseTo(0.9);
    expect(c.box[0]).toBeCloseTo(88 - 2 * 16, 3);
    expect(c.box[1]).toBeCloseTo(56 - 4 * 16, 3);
    expect(c.box[2]).toBeCloseTo(88 + 3 * 16, 3);
    expect(c.box[3]).toBeCloseTo(56 + 6 * 16, 3);
  });

  it('takes the expectation of the distribution, not its peak', () => {
    const out = emptyOutputs();
    plant(out, 0, 0, 0, 0.8, [0, 0, 0, 0]);
    // Two equal peaks at bins 2 and 4 average to 3.
    const reg = out[NANODET.levels[0].boxes].data as Float32Array;
    reg.fill(0, 0, 4 * BINS);
    for (let side = 0; side < 4; side++) reg[side * BINS + 2] = reg[side * BINS + 4] = 50;
    const [c] = decodeView(out, NANODET, IDENTITY, 0.5);
    expect(c.box[2] - c.box[0]).toBeCloseTo(2 * 3 * 8, 3);
  });

  it('keeps only the person class above the threshold, at every stride', () => {
    const out = emptyOutputs();
    plant(out, 0, 10, 10, 0.7, [1, 1, 1, 1]);
    plant(out, 2, 6, 6, 0.6, [1, 1, 1, 1]);
    plant(out, 1, 2, 2, 0.3, [1, 1, 1, 1]);
    plant(out, 1, 8, 8, 0.95, [1, 1, 1, 1], 2);
    expect(decodeView(out, NANODET, IDENTITY, 0.5).map((c) => c.score)).toEqual([expect.closeTo(0.7), expect.closeTo(0.6)]);
  });

  it('maps boxes through the view and orders the corners again for a mirrored view', () => {
    const out = emptyOutputs();
    plant(out, 1, 3, 5, 0.9, [2, 4, 3, 6]);
    const mirrored: Affine = [-2, 0, 1000, 0, 2, 10];
    const [c] = decodeView(out, NANODET, mirrored, 0.5);
    expect(c.box).toEqual([expect.closeTo(1000 - 2 * 136, 2), expect.closeTo(10 + 2 * -8, 2), expect.closeTo(1000 - 2 * 56, 2), expect.closeTo(10 + 2 * 152, 2)]);
  });
});
