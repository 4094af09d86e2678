/**
 * Convolutions: Conv2D, _FusedConv2D, DepthwiseConv2dNative,
 * FusedDepthwiseConv2dNative and Conv2DBackpropInput (transposed conv).
 * TF runs them on NHWC with HWIO filters; ONNX on NCHW with OIHW filters, so
 * filters are re-laid-out at conversion time and the data is read through
 * the context's NCHW form. TF SAME padding is written as explicit pads.
 */
import { reshape, transpose } from '../fold/ndarray.js';
import { convOutputSize, samePadding } from '../convert/shapes.js';
import type { Pad2 } from '../convert/shapes.js';
import { applyActivation } from './activation.js';
import type { OpHandler, OpNode } from './types.js';

/** Spatial parameters of a TF conv/pool node. */
export interface Spatial {
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: string;
  readonly explicit: [Pad2, Pad2] | undefined;
}

/** Reads strides, dilations and padding of an NHWC conv or pool node. */
export function readSpatial(n: OpNode): Spatial {
  const format = n.attrs.string('data_format', 'NHWC');
  if (format !== 'NHWC') n.fail(`data_format ${format} is not supported (only NHWC)`);
  const s = n.attrs.ints('strides', [1, 1, 1, 1]);
  const d = n.attrs.ints('dilations', [1, 1, 1, 1]);
  const padding = n.attrs.string('padding');
  let explicit: [Pad2, Pad2] | undefined;
  if (padding === 'EXPLICIT') {
    const e = n.attrs.ints('explicit_paddings');
    if (e.length !== 8) n.fail(`explicit_paddings must have 8 values, got ${e.length}`);
    explicit = [
      [e[2]!, e[3]!],
      [e[4]!, e[5]!],
    ];
  } else if (padding !== 'SAME' && padding !== 'VALID') {
    n.fail(`padding ${padding} is not supported`);
  }
  return { strides: [s[1]!, s[2]!], dilations: [d[1]!, d[2]!], padding, explicit };
}

/** Per-dimension pads of a spatial op on an NHWC input of `shape` with kernel `k`. */
export function spatialPads(n: OpNode, shape: readonly number[], k: readonly [number, number], sp: Spatial): [Pad2, Pad2] {
  if (sp.explicit) return sp.explicit;
  if (sp.padding === 'VALID') return [[0, 0], [0, 0]];
  const h = shape[1]!;
  const w = shape[2]!;
  if (h < 0 || w < 0) n.fail('SAME padding needs a static spatial input size');
  return [samePadding(h, k[0], sp.strides[0], sp.dilations[0]), samePadding(w, k[1], sp.strides[1], sp.dilations[1])];
}

/** ONNX `pads` attribute from per-dimension pads. */
export function onnxPads(p: [Pad2, Pad2]): number[] {
  return [p[0][0], p[1][0], p[0][1], p[1][1]];
}

function fusedOps(n: OpNode): string[] {
  if (!n.op.startsWith('_Fused') && !n.op.startsWith('Fused')) return [];
  const ops = n.attrs.strings('fused_ops', []);
  if (ops.length > 0 && ops[0] !== 'BiasAdd') n.fail(`fused_ops [${ops.join(',')}] is not supported (expected BiasAdd first)`);
  if (ops.length > 2) n.fail(`fused_ops [${ops.join(',')}] has more than one activation`);
  return ops;
}

function conv2d(depthwise: boolean): OpHandler {
  return (n) => {
    const { cx } = n;
    const x = n.input(0);
    if (x.rank !== 4) n.fail(`input must be 4-D NHWC, got rank ${x.rank}`);
    const filter = n.constInput(1, 'filter');
    const [kh, kw, cin, cm] = filter.shape as [number, number, number, number];
    const sp = readSpatial(n);
    const pads = spatialPads(n, x.shape, [kh, kw], sp);
    // HWIO -> OIHW; depthwise [kh,kw,C,M] -> [C*M,1,kh,kw] with group C (output channel c*M+m).
    const w = depthwise ? transpose(reshape(filter, [kh, kw, 1, cin * cm]), [3, 2, 0, 1]) : transpose(filter, [3, 2, 0, 1]);
    const outChannels = depthwise ? cin * cm : cm;
    const fused = fusedOps(n);
    const inputs = [cx.nchw(x), cx.constant(w, `${n.name}/weights`)];
    if (fused[0] === 'BiasAdd') {
      const bias = n.input(2);
      inputs.push(bias.constant ? cx.ref(bias) : n.fail('fused bias must be a constant'));
    }
    const act = fused[1];
    const convName = act ? `${n.out()}/conv` : n.out();
    let y = cx.emit('Conv', inputs, {
      name: convName,
      attributes: {
        kernel_shape: [kh, kw],
        strides: [...sp.strides],
        dilations: [...sp.dilations],
        pads: onnxPads(pads),
        group: depthwise ? cin : 1,
      },
    });
    if (act) {
      y = applyActivation(cx, act, y, 'nchw', n.out(), {
        where: `node "${n.name}"`,
        ...(act === 'Prelu' ? { alpha: n.input(3) } : {}),
        leakyAlpha: n.attrs.float('leakyrelu_alpha', 0.2),
      });
    }
    const shape = [
      x.shape[0]!,
      convOutputSize(x.shape[1]!, kh, sp.strides[0], sp.dilations[0], pads[0]),
      convOutputSize(x.shape[2]!, kw, sp.strides[1], sp.dilations[1], pads[1]),
      outChannels,
    ];
    return [cx.fromNchw(n.out(), x.dtype, shape, y)];
  };
}

/** Conv2DBackpropInput(input_sizes, filter, out_backprop) as ONNX ConvTranspose. */
const conv2dBackpropInput: OpHandler = (n) => {
  const { cx } = n;
  const sizes = n.constNumbers(0, 'input_sizes');
  const filter = n.constInput(1, 'filter');
  const dy = n.input(2);
  const [kh, kw, cin] = filter.shape as [number, number, number, number];
  const sp = readSpatial(n);
  const outH = sizes[1]!;
  const outW = sizes[2]!;
  // Padding is that of the forward conv whose input had the requested size.
  const pads = spatialPads(n, sizes, [kh, kw], sp);
  const inH = dy.shape[1]!;
  const inW = dy.shape[2]!;
  if (inH < 0 || inW < 0) n.fail('needs a static spatial input size');
  const outputPadding = [
    outH - ((inH - 1) * sp.strides[0] + (kh - 1) * sp.dilations[0] + 1 - pads[0][0] - pads[0][1]),
    outW - ((inW - 1) * sp.strides[1] + (kw - 1) * sp.dilations[1] + 1 - pads[1][0] - pads[1][1]),
  ];
  if (outputPadding.some((p, i) => p < 0 || p >= sp.strides[i]!)) {
    n.fail(`input_sizes [${sizes}] cannot be produced from input [${dy.shape}] (output_padding ${outputPadding})`);
  }
  // Filter [kh,kw,out,in] of the forward conv -> ConvTranspose [in, out, kh, kw].
  const w = transpose(filter, [3, 2, 0, 1]);
  const y = cx.emit('ConvTranspose', [cx.nchw(dy), cx.constant(w, `${n.name}/weights`)], {
    name: n.out(),
    attributes: {
      kernel_shape: [kh, kw],
      strides: [...sp.strides],
      dilations: [...sp.dilations],
      pads: onnxPads(pads),
      output_padding: outputPadding,
    },
  });
  return [cx.fromNchw(n.out(), dy.dtype, [dy.shape[0]!, outH, outW, cin], y)];
};

/** Handlers by TF op name. */
export const convHandlers: Readonly<Record<string, OpHandler>> = {
  Conv2D: conv2d(false),
  _FusedConv2D: conv2d(false),
  DepthwiseConv2dNative: conv2d(true),
  DepthwiseConv2d: conv2d(true),
  FusedDepthwiseConv2dNative: conv2d(true),
  Conv2DBackpropInput: conv2dBackpropInput,
};
