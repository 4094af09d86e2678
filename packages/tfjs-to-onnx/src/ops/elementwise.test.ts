import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs, singleOp } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { randomArray } from '../testing/reference.js';

// One float32 op per element on both sides: results agree to rounding.
const TOL = 1e-6;

describe('elementwise ops match TF.js', () => {
  const binaries = ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum'];
  for (const op of binaries) {
    it(`${op} with broadcasting`, async () => {
      const spec = singleOp(op, { a: { shape: [2, 3, 4, 5] }, b: { shape: [4, 1] } });
      expect((await compareWithTfjs(spec, ['y'])).rel).toBeLessThan(TOL);
    });
  }

  it('Mul by a per-channel constant after a conv runs in NCHW (no extra transposes)', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 6, 6, 3] } },
      consts: { w: { shape: [1, 1, 3, 4], data: randomArray(12, 2) }, s: { shape: [4], data: randomArray(4, 3) }, t: { shape: [1, 1, 1, 4], data: randomArray(4, 4) } },
      nodes: [
        { name: 'c', op: 'Conv2D', inputs: ['x', 'w'], attrs: { strides: attr.ints([1, 1, 1, 1]), padding: attr.s('VALID'), dilations: attr.ints([1, 1, 1, 1]) } },
        { name: 'm', op: 'Mul', inputs: ['c', 's'] },
        { name: 'y', op: 'AddV2', inputs: ['m', 't'] },
      ],
    };
    const r = await compareWithTfjs(spec, ['y']);
    expect(r.abs).toBeLessThan(1e-5);
    expect(r.onnxOps.Transpose).toBe(2);
  });

  it('AddN of three tensors', async () => {
    const spec = singleOp('AddN', { a: { shape: [2, 3] }, b: { shape: [2, 3] }, c: { shape: [2, 3] } }, {}, { N: attr.i(3) });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('BiasAdd on NHWC', async () => {
    const spec = singleOp('BiasAdd', { x: { shape: [1, 3, 3, 4] } }, { b: { shape: [4], data: randomArray(4, 1) } }, { data_format: attr.s('NHWC') });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  for (const op of ['Abs', 'Square', 'Neg', 'Exp', 'Floor']) {
    it(op, async () => {
      expect((await compareWithTfjs(singleOp(op, { x: { shape: [3, 7] } }), ['y'])).rel).toBeLessThan(TOL);
    });
  }

  for (const op of ['Rsqrt', 'Sqrt', 'Log', 'Reciprocal']) {
    it(`${op} on positive inputs`, async () => {
      const spec = singleOp(op, { x: { shape: [3, 7] } });
      const feeds = { x: { data: randomArray(21, 5, 0.1, 4), shape: [3, 7] } };
      // Rsqrt is Reciprocal(Sqrt(x)) in ONNX: two roundings instead of one.
      expect((await compareWithTfjs(spec, ['y'], { feeds })).rel).toBeLessThan(1e-6);
    });
  }
});

describe('activations match TF.js', () => {
  for (const op of ['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh', 'Selu']) {
    it(op, async () => {
      const feeds = { x: { data: randomArray(2 * 5 * 5 * 3, 11, -8, 8), shape: [2, 5, 5, 3] } };
      expect((await compareWithTfjs(singleOp(op, { x: { shape: [2, 5, 5, 3] } }), ['y'], { feeds })).abs).toBeLessThan(1e-6);
    });
  }

  it('LeakyRelu with its alpha attribute', async () => {
    const spec = singleOp('LeakyRelu', { x: { shape: [4, 6] } }, {}, { alpha: attr.f(0.1) });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('Prelu with an NHWC [1,1,C] alpha', async () => {
    const spec = singleOp('Prelu', { x: { shape: [2, 4, 4, 3] } }, { a: { shape: [1, 1, 3], data: [0.1, 0.2, 0.3] } });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('Softmax over the last axis', async () => {
    expect((await compareWithTfjs(singleOp('Softmax', { x: { shape: [2, 3, 10] } }), ['y'])).abs).toBeLessThan(1e-6);
  });
});
