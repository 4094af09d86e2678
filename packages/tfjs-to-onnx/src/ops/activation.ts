/**
 * Activations, standalone (Relu, Relu6, Elu, Selu, Sigmoid, Tanh, LeakyRelu,
 * Prelu, Softmax) and as the fused tail of _FusedConv2D,
 * FusedDepthwiseConv2dNative and _FusedMatMul. Pointwise activations keep
 * whatever layout their input already has, so Conv -> Relu -> Conv stays NCHW.
 */
import type { ConversionContext } from '../convert/context.js';
import type { Value } from '../convert/value.js';
import { floatAttr } from '../onnx/builder.js';
import type { OpHandler, OpNode } from './types.js';

/** Which layout an ONNX tensor is in. */
export type Layout = 'nchw' | 'logical';

/**
 * Applies TF activation `act` to ONNX tensor `x`. `alpha` is the Prelu slope
 * value; `leakyAlpha` the LeakyRelu slope. Returns the new ONNX name.
 */
export function applyActivation(
  cx: ConversionContext,
  act: string,
  x: string,
  layout: Layout,
  name: string,
  opts: { readonly alpha?: Value; readonly leakyAlpha?: number; readonly where: string },
): string {
  switch (act) {
    case 'Relu':
      return cx.emit('Relu', [x], { name });
    case 'Relu6':
      return cx.emit('Clip', [x, cx.scalar(0, 'float32', `${name}/min`), cx.scalar(6, 'float32', `${name}/max`)], { name });
    case 'Elu':
      return cx.emit('Elu', [x], { name, attributes: { alpha: floatAttr(1) } });
    case 'Selu':
      return cx.emit('Selu', [x], { name });
    case 'Sigmoid':
      return cx.emit('Sigmoid', [x], { name });
    case 'Tanh':
      return cx.emit('Tanh', [x], { name });
    case 'LeakyRelu':
      return cx.emit('LeakyRelu', [x], { name, attributes: { alpha: floatAttr(opts.leakyAlpha ?? 0.2) } });
    case 'Prelu': {
      const alpha = opts.alpha;
      if (!alpha) throw new Error(`${opts.where}: Prelu needs an alpha input`);
      const slope = layout === 'nchw' ? cx.nchwOperand(alpha) : cx.ref(alpha);
      return cx.emit('PRelu', [x, slope], { name });
    }
    default:
      throw new Error(`${opts.where}: unsupported fused activation "${act}"`);
  }
}

/** Runs a pointwise ONNX op on a value, in NCHW when that form already exists. */
export function pointwise(n: OpNode, build: (x: string, layout: Layout) => string): Value[] {
  const x = n.input(0);
  if (x.prefersNchw) return [n.cx.fromNchw(n.out(), x.dtype, x.shape, build(x.nchw!, 'nchw'))];
  return [n.cx.logical(n.out(), x.dtype, x.shape, build(n.cx.ref(x), 'logical'))];
}

function activationOp(act: string): OpHandler {
  return (n) =>
    pointwise(n, (x, layout) =>
      applyActivation(n.cx, act, x, layout, n.out(), {
        where: `node "${n.name}"`,
        leakyAlpha: n.attrs.float('alpha', 0.2),
      }),
    );
}

const prelu: OpHandler = (n) => {
  const x = n.input(0);
  const alpha = n.input(1);
  const useNchw = x.prefersNchw && (alpha.constant !== undefined || alpha.prefersNchw) && alpha.rank <= 4;
  const xName = useNchw ? x.nchw! : n.cx.ref(x);
  const out = applyActivation(n.cx, 'Prelu', xName, useNchw ? 'nchw' : 'logical', n.out(), { alpha, where: `node "${n.name}"` });
  return [useNchw ? n.cx.fromNchw(n.out(), x.dtype, x.shape, out) : n.cx.logical(n.out(), x.dtype, x.shape, out)];
};

const softmax: OpHandler = (n) => {
  const x = n.input(0);
  // TF Softmax normalises the last axis; ONNX Softmax (opset >= 13) normalises exactly one axis.
  return [n.cx.logical(n.out(), x.dtype, x.shape, n.cx.emit('Softmax', [n.cx.ref(x)], { name: n.out(), attributes: { axis: -1 } }))];
};

/** Handlers by TF op name. */
export const activationHandlers: Readonly<Record<string, OpHandler>> = {
  Relu: activationOp('Relu'),
  Relu6: activationOp('Relu6'),
  Elu: activationOp('Elu'),
  Selu: activationOp('Selu'),
  Sigmoid: activationOp('Sigmoid'),
  Tanh: activationOp('Tanh'),
  LeakyRelu: activationOp('LeakyRelu'),
  Prelu: prelu,
  Softmax: softmax,
};
