/**
 * MaxPool and AvgPool (NHWC, SAME/VALID/EXPLICIT). ONNX MaxPool ignores
 * padded cells and AveragePool with count_include_pad=0 averages only real
 * cells, which is what TF does for SAME.
 */
import { convOutputSize } from '../convert/shapes.js';
import { onnxPads, readSpatial, spatialPads } from './conv.js';
import type { OpHandler } from './types.js';

function pool(onnxOp: 'MaxPool' | 'AveragePool'): OpHandler {
  return (n) => {
    const x = n.input(0);
    if (x.rank !== 4) n.fail(`input must be 4-D NHWC, got rank ${x.rank}`);
    const ksize = n.attrs.ints('ksize');
    if (ksize[0] !== 1 || ksize[3] !== 1) n.fail(`pooling over batch or channels (ksize ${ksize}) is not supported`);
    const k: [number, number] = [ksize[1]!, ksize[2]!];
    const sp = readSpatial(n);
    const pads = spatialPads(n, x.shape, k, sp);
    const y = n.cx.emit(onnxOp, [n.cx.nchw(x)], {
      name: n.out(),
      attributes: {
        kernel_shape: k,
        strides: [...sp.strides],
        pads: onnxPads(pads),
        ...(onnxOp === 'AveragePool' ? { count_include_pad: 0 } : {}),
      },
    });
    const shape = [
      x.shape[0]!,
      convOutputSize(x.shape[1]!, k[0], sp.strides[0], 1, pads[0]),
      convOutputSize(x.shape[2]!, k[1], sp.strides[1], 1, pads[1]),
      x.shape[3]!,
    ];
    return [n.cx.fromNchw(n.out(), x.dtype, shape, y)];
  };
}

/** Handlers by TF op name. */
export const poolHandlers: Readonly<Record<string, OpHandler>> = {
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
};
