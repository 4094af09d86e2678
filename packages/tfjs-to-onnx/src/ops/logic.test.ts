import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';

const i32 = (data: number[], shape = [data.length]) => ({ shape, data, dtype: 'int32' as const });

/** Compares `op` over two inputs, casting its bool output to float (TF.js and ORT outputs are then comparable arrays). */
function viaCast(op: string, a: number[], b: number[]): OpGraphSpec {
  return {
    inputs: { a: { shape: a }, b: { shape: b } },
    nodes: [
      { name: 'c', op, inputs: ['a', 'b'] },
      { name: 'y', op: 'Cast', inputs: ['c'], attrs: { SrcT: attr.type('DT_BOOL'), DstT: attr.type('DT_FLOAT') } },
    ],
  };
}

describe('comparisons, logic and selection match TF.js exactly', () => {
  for (const op of ['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual']) {
    it(op, async () => {
      const feeds = { a: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] }, b: { data: Float32Array.from([3, 2, 1]), shape: [3] } };
      expect((await compareWithTfjs(viaCast(op, [2, 3], [3]), ['y'], { feeds })).abs).toBe(0);
    });
  }

  it('LogicalAnd / LogicalOr / LogicalNot and SelectV2', async () => {
    const spec: OpGraphSpec = {
      inputs: { a: { shape: [2, 3] }, b: { shape: [2, 3] } },
      consts: { zero: { shape: [], data: [0] } },
      nodes: [
        { name: 'pa', op: 'Greater', inputs: ['a', 'zero'] },
        { name: 'pb', op: 'Greater', inputs: ['b', 'zero'] },
        { name: 'and', op: 'LogicalAnd', inputs: ['pa', 'pb'] },
        { name: 'or', op: 'LogicalOr', inputs: ['pa', 'pb'] },
        { name: 'not', op: 'LogicalNot', inputs: ['and'] },
        { name: 'x', op: 'LogicalAnd', inputs: ['not', 'or'] },
        { name: 'y', op: 'SelectV2', inputs: ['x', 'a', 'b'] },
      ],
    };
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('Select with a condition of the operands\' shape', async () => {
    const spec: OpGraphSpec = {
      inputs: { c: { shape: [3, 2] }, a: { shape: [3, 2] }, b: { shape: [3, 2] } },
      consts: { zero: { shape: [], data: [0] } },
      nodes: [
        { name: 'cb', op: 'Greater', inputs: ['c', 'zero'] },
        { name: 'y', op: 'Select', inputs: ['cb', 'a', 'b'] },
      ],
    };
    expect((await compareWithTfjs(spec, ['y'])).abs).toBe(0);
  });

  it('FloorDiv on int32 rounds toward minus infinity; SquaredDifference', async () => {
    const spec: OpGraphSpec = {
      inputs: { a: { shape: [6], dtype: 'int32' }, x: { shape: [4] }, z: { shape: [4] } },
      consts: { d: i32([3]) },
      nodes: [
        { name: 'y', op: 'FloorDiv', inputs: ['a', 'd'], attrs: { T: attr.type('DT_INT32') } },
        { name: 's', op: 'SquaredDifference', inputs: ['x', 'z'] },
      ],
    };
    const feeds = {
      a: { data: Int32Array.from([-7, -6, -1, 0, 5, 4095]), shape: [6] },
      x: { data: Float32Array.from([1, -2, 3.5, 0]), shape: [4] },
      z: { data: Float32Array.from([0.5, 2, -1, 0]), shape: [4] },
    };
    expect((await compareWithTfjs(spec, ['y', 's'], { feeds })).abs).toBe(0);
  });
});
