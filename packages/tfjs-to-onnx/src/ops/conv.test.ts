import { describe, expect, it } from 'vitest';
import { attr, compareWithTfjs } from '../testing/op-graph.js';
import type { OpGraphSpec } from '../testing/op-graph.js';
import { randomArray } from '../testing/reference.js';

// Both sides compute in float32; only the summation order differs, so on
// O(1) data the outputs agree to a few float32 ulps of the accumulated sums.
const TOL = 1e-4;

function convSpec(op: string, o: { x: number[]; k: number[]; strides?: number[]; padding?: string; dilations?: number[]; explicit?: number[]; fused?: string[]; alpha?: boolean }): OpGraphSpec {
  const [kh, kw, cin, cout] = o.k as [number, number, number, number];
  const depthwise = op.includes('Depthwise');
  const outC = depthwise ? cin * cout : cout;
  const consts: Record<string, { shape: number[]; data: Float32Array }> = {
    w: { shape: o.k, data: randomArray(kh * kw * cin * cout, 3) },
  };
  const inputs = ['x', 'w'];
  if (o.fused) {
    consts.b = { shape: [outC], data: randomArray(outC, 4) };
    inputs.push('b');
    if (o.alpha) {
      consts.a = { shape: [1, 1, outC], data: randomArray(outC, 5, 0, 0.5) };
      inputs.push('a');
    }
  }
  return {
    inputs: { x: { shape: o.x } },
    consts,
    nodes: [
      {
        name: 'y',
        op,
        inputs,
        attrs: {
          strides: attr.ints(o.strides ?? [1, 1, 1, 1]),
          dilations: attr.ints(o.dilations ?? [1, 1, 1, 1]),
          padding: attr.s(o.padding ?? 'SAME'),
          data_format: attr.s('NHWC'),
          ...(o.explicit ? { explicit_paddings: attr.ints(o.explicit) } : {}),
          ...(o.fused ? { fused_ops: attr.strs(o.fused), num_args: attr.i(o.alpha ? 2 : 1), leakyrelu_alpha: attr.f(0.3) } : {}),
        },
      },
    ],
  };
}

describe('convolutions match TF.js', () => {
  const cases: [string, Parameters<typeof convSpec>[1]][] = [
    ['SAME 3x3 stride 1', { x: [2, 9, 9, 3], k: [3, 3, 3, 4] }],
    ['SAME 3x3 stride 2 on even size (TF pads the end)', { x: [1, 8, 8, 3], k: [3, 3, 3, 4], strides: [1, 2, 2, 1] }],
    ['SAME 5x5 stride 2 (pads 1,2)', { x: [1, 16, 16, 3], k: [5, 5, 3, 2], strides: [1, 2, 2, 1] }],
    ['SAME 2x2 stride 1 (pads 0,1)', { x: [1, 7, 6, 2], k: [2, 2, 2, 3] }],
    ['VALID 3x3 stride 3', { x: [1, 9, 10, 2], k: [3, 3, 2, 2], strides: [1, 3, 3, 1], padding: 'VALID' }],
    ['EXPLICIT pads', { x: [1, 6, 6, 2], k: [3, 3, 2, 2], padding: 'EXPLICIT', explicit: [0, 0, 1, 2, 0, 1, 0, 0] }],
    ['dilation 2', { x: [1, 10, 10, 2], k: [3, 3, 2, 3], dilations: [1, 2, 2, 1] }],
    ['non-square stride', { x: [1, 9, 8, 2], k: [3, 1, 2, 3], strides: [1, 2, 1, 1] }],
  ];
  for (const [name, o] of cases) {
    it(`Conv2D ${name}`, async () => {
      expect((await compareWithTfjs(convSpec('Conv2D', o), ['y'])).abs).toBeLessThan(TOL);
    });
  }

  for (const act of ['Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu', 'Prelu']) {
    it(`_FusedConv2D [BiasAdd, ${act}]`, async () => {
      const spec = convSpec('_FusedConv2D', { x: [2, 8, 8, 3], k: [3, 3, 3, 4], strides: [1, 2, 2, 1], fused: ['BiasAdd', act], alpha: act === 'Prelu' });
      expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
    });
  }

  it('_FusedConv2D [BiasAdd] only', async () => {
    const spec = convSpec('_FusedConv2D', { x: [1, 5, 5, 3], k: [1, 1, 3, 6], padding: 'VALID', fused: ['BiasAdd'] });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('DepthwiseConv2dNative SAME stride 2, channel multiplier 2', async () => {
    const spec = convSpec('DepthwiseConv2dNative', { x: [2, 8, 8, 3], k: [3, 3, 3, 2], strides: [1, 2, 2, 1] });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('DepthwiseConv2dNative VALID 5x5', async () => {
    const spec = convSpec('DepthwiseConv2dNative', { x: [1, 9, 9, 4], k: [5, 5, 4, 1], padding: 'VALID' });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('FusedDepthwiseConv2dNative [BiasAdd, Relu6]', async () => {
    const spec = convSpec('FusedDepthwiseConv2dNative', { x: [1, 8, 8, 4], k: [3, 3, 4, 1], fused: ['BiasAdd', 'Relu6'] });
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('Conv2DBackpropInput 2x2 stride 2 SAME (selfie upsampling)', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 4, 4, 3] } },
      consts: { sizes: { shape: [4], data: [1, 8, 8, 2], dtype: 'int32' }, w: { shape: [2, 2, 2, 3], data: randomArray(24, 9) } },
      nodes: [{ name: 'y', op: 'Conv2DBackpropInput', inputs: ['sizes', 'w', 'x'], attrs: { strides: attr.ints([1, 2, 2, 1]), padding: attr.s('SAME'), data_format: attr.s('NHWC') } }],
    };
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('Conv2DBackpropInput 3x3 stride 2 SAME on odd output size', async () => {
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 4, 4, 2] } },
      consts: { sizes: { shape: [4], data: [1, 7, 7, 3], dtype: 'int32' }, w: { shape: [3, 3, 3, 2], data: randomArray(54, 10) } },
      nodes: [{ name: 'y', op: 'Conv2DBackpropInput', inputs: ['sizes', 'w', 'x'], attrs: { strides: attr.ints([1, 2, 2, 1]), padding: attr.s('SAME'), data_format: attr.s('NHWC') } }],
    };
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(TOL);
  });

  it('a chain of convs stays NCHW inside (no transposes between them)', async () => {
    const same = { strides: attr.ints([1, 1, 1, 1]), dilations: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), data_format: attr.s('NHWC') };
    const spec: OpGraphSpec = {
      inputs: { x: { shape: [1, 8, 8, 3] } },
      consts: { w1: { shape: [3, 3, 3, 4], data: randomArray(108, 1) }, w2: { shape: [3, 3, 4, 1], data: randomArray(36, 2) } },
      nodes: [
        { name: 'c1', op: 'Conv2D', inputs: ['x', 'w1'], attrs: same },
        { name: 'r', op: 'Relu', inputs: ['c1'] },
        { name: 'c2', op: 'DepthwiseConv2dNative', inputs: ['r', 'w2'], attrs: same },
      ],
    };
    const result = await compareWithTfjs(spec, ['c2']);
    expect(result.abs).toBeLessThan(TOL);
    // One transpose into NCHW at the input, one back at the output.
    expect(result.onnxOps).toMatchObject({ Conv: 2, Relu: 1, Transpose: 2 });
  });
});
