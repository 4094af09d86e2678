import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';

interface Case {
  readonly name: string;
  readonly shape: number[];
  readonly begin: number[];
  readonly end: number[];
  readonly strides: number[];
  readonly masks?: { begin?: number; end?: number; ellipsis?: number; newAxis?: number; shrink?: number };
}

const cases: Case[] = [
  { name: 'plain range', shape: [4, 6], begin: [1, 2], end: [3, 5], strides: [1, 1] },
  { name: 'negative indices and strides', shape: [5, 6], begin: [-1, 4], end: [-5, 0], strides: [-1, -2] },
  { name: 'begin and end masks', shape: [4, 6, 3], begin: [1, 0, 0], end: [0, 4, 0], strides: [1, 2, 1], masks: { begin: 2, end: 5 } },
  { name: 'reverse with masks', shape: [5, 4], begin: [0, 0], end: [0, 0], strides: [-1, 1], masks: { begin: 3, end: 3 } },
  { name: 'shrink axis (SSR-Net pred_a slices)', shape: [2, 3], begin: [0, 1], end: [0, 2], strides: [1, 1], masks: { begin: 1, end: 1, shrink: 2 } },
  { name: 'shrink the last element with -1', shape: [3, 4], begin: [0, -1], end: [0, 0], strides: [1, 1], masks: { begin: 1, end: 1, shrink: 2 } },
  { name: 'ellipsis then index', shape: [2, 3, 4, 5], begin: [0, 2], end: [0, 4], strides: [1, 1], masks: { ellipsis: 1 } },
  { name: 'new axis and shrink', shape: [3, 4], begin: [0, 0, 1], end: [0, 0, 2], strides: [1, 1, 1], masks: { newAxis: 1, begin: 2, end: 2, shrink: 4 } },
  { name: 'ellipsis in the middle with new axis', shape: [2, 3, 4], begin: [1, 0, 0, 1], end: [2, 0, 0, 3], strides: [1, 1, 1, 1], masks: { ellipsis: 2, newAxis: 4 } },
  { name: 'implicit trailing dims', shape: [4, 3, 2], begin: [1], end: [3], strides: [1] },
  { name: 'out-of-range bounds clamp', shape: [4, 3], begin: [-10, 1], end: [10, 100], strides: [1, 1] },
];

describe('StridedSlice matches TF.js exactly', () => {
  for (const c of cases) {
    const m = c.masks ?? {};
    const spec = singleOp(
      'StridedSlice',
      { x: { shape: c.shape } },
      {
        b: { shape: [c.begin.length], data: c.begin, dtype: 'int32' },
        e: { shape: [c.end.length], data: c.end, dtype: 'int32' },
        s: { shape: [c.strides.length], data: c.strides, dtype: 'int32' },
      },
      {
        begin_mask: attr.i(m.begin ?? 0),
        end_mask: attr.i(m.end ?? 0),
        ellipsis_mask: attr.i(m.ellipsis ?? 0),
        new_axis_mask: attr.i(m.newAxis ?? 0),
        shrink_axis_mask: attr.i(m.shrink ?? 0),
      },
    );
    it(c.name, async () => {
      expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
    });
    it(`${c.name} (constant-folded)`, async () => {
      const folded = { ...spec, inputs: {}, consts: { ...spec.consts, x: { shape: c.shape, data: Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, (_, i) => i) } } };
      const r = await compareWithTfjs({ ...folded, nodes: [{ ...spec.nodes[0]!, inputs: ['x', 'b', 'e', 's'] }] }, ['y']);
      expect(r.abs).toBe(0);
      expect(r.onnxOps.Slice ?? 0).toBe(0);
    });
  }
});
