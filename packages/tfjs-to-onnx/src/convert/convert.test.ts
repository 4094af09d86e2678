import { describe, expect, it } from 'vitest';
import { convertTfjsModel } from './convert.js';
import { attr, compareWithTfjs, opGraph } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { runOnnx } from '../testing/reference.js';

const graph: OpGraphSpec = {
  inputs: { x: { shape: [-1, 4] } },
  consts: { w: { shape: [4, 3], data: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1] }, c: { shape: [], data: [2] } },
  nodes: [
    { name: 'h', op: 'MatMul', inputs: ['x', 'w'] },
    { name: 'r', op: 'Relu', inputs: ['h'] },
    { name: 'm', op: 'Mul', inputs: ['r', 'c'] },
    { name: 'out', op: 'Sigmoid', inputs: ['m'] },
  ],
};

describe('convertTfjsModel options', () => {
  it('exposes an internal node as an extra output, renamed, and renames the input', async () => {
    const { onnx, inputs, outputs } = convertTfjsModel(opGraph(graph), {
      inputs: [{ name: 'x', as: 'pixels' }],
      outputs: ['out', { name: 'r', as: 'features' }],
    });
    expect(inputs).toEqual([{ name: 'pixels', dtype: 'float32', shape: ['batch', 4] }]);
    expect(outputs.map((o) => [o.name, o.shape])).toEqual([['out', ['batch', 3]], ['features', ['batch', 3]]]);
    const [out, features] = await runOnnx(onnx, { pixels: { data: Float32Array.from([1, -2, 3, 1]), shape: [1, 4] } }, ['out', 'features']);
    expect(Array.from(features!.data)).toEqual([2, 0, 4]);
    expect(out!.data[0]).toBeCloseTo(1 / (1 + Math.exp(-4)), 6);
  });

  it('cuts the graph at a tensor, which becomes an input', async () => {
    const { onnx, inputs, tfOps } = convertTfjsModel(opGraph(graph), { inputs: [{ name: 'r', as: 'r', shape: [-1, 3] }], outputs: ['out'] });
    expect(inputs.map((i) => i.name)).toEqual(['r']);
    expect(tfOps.MatMul).toBeUndefined();
    const [out] = await runOnnx(onnx, { r: { data: Float32Array.from([0, 1, -1]), shape: [1, 3] } }, ['out']);
    expect(out!.data[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
  });

  it('defaults to the sink nodes as outputs', () => {
    expect(convertTfjsModel(opGraph(graph)).outputs.map((o) => o.name)).toEqual(['out']);
  });

  it('names the op and the node when an op is not supported', () => {
    const bad: OpGraphSpec = { inputs: { x: { shape: [2] } }, nodes: [{ name: 'weird/node', op: 'Erfinv', inputs: ['x'] }] };
    expect(() => convertTfjsModel(opGraph(bad))).toThrow('unsupported op "Erfinv" at node "weird/node"');
  });

  it('names the node when an output does not exist', () => {
    expect(() => convertTfjsModel(opGraph(graph), { outputs: ['nope'] })).toThrow(/"nope"/);
  });

  it('folds constant sub-graphs (nanodet SparseToDense + AddV2 reshape target)', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 80, 2, 3] } },
      consts: {
        idx: { shape: [0, 1], data: [], dtype: 'int32' },
        dims: { shape: [1], data: [3], dtype: 'int32' },
        vals: { shape: [0], data: [], dtype: 'int32' },
        zero: { shape: [], data: [0], dtype: 'int32' },
        base: { shape: [3], data: [1, 80, -1], dtype: 'int32' },
      },
      nodes: [
        { name: 'sd', op: 'SparseToDense', inputs: ['idx', 'dims', 'vals', 'zero'], attrs: { T: attr.type('DT_INT32'), Tindices: attr.type('DT_INT32'), validate_indices: attr.b(true) } },
        { name: 'shape', op: 'AddV2', inputs: ['base', 'sd'], attrs: { T: attr.type('DT_INT32') } },
        { name: 'y', op: 'Reshape', inputs: ['x', 'shape'] },
      ],
    };
    const r = await compareWithTfjs(spec, ['y']);
    expect(r.abs).toBe(0);
    expect(r.onnxOps).toEqual({ Reshape: 1, Identity: 1 });
  });
});
