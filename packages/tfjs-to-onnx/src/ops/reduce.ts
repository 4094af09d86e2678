/**
 * Reductions: Sum, Mean, Max, Min, Prod over constant axes, with keep_dims.
 * A global pool over H,W of an NCHW-held tensor reduces in NCHW directly
 * when the surviving axes keep their order.
 */
import { nhwcAxisToNchw, normalizeAxis } from '../convert/shapes.js';
import type { OpHandler } from './types.js';

// Opset 17: ReduceSum takes axes as an input, the others as an attribute.
const AXES_AS_INPUT = new Set(['ReduceSum']);

function reduce(onnxOp: string): OpHandler {
  return (n) => {
    const { cx } = n;
    const x = n.input(0);
    const keep = n.attrs.bool('keep_dims', false);
    const rawAxes = n.constNumbers(1, 'reduction axes');
    const axes = [...new Set(rawAxes.map((a) => normalizeAxis(a, x.rank, `node "${n.name}"`)))].sort((a, b) => a - b);
    // TF reduces nothing for empty axes; ONNX would reduce everything.
    if (axes.length === 0) return [x];
    const shape = keep ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const survivorsInNchw = [0, 3, 1, 2].filter((a) => !axes.includes(a));
    const inNchw = x.prefersNchw && (keep || survivorsInNchw.every((a, i) => i === 0 || a > survivorsInNchw[i - 1]!));
    const onnxAxes = inNchw ? axes.map(nhwcAxisToNchw).sort((a, b) => a - b) : axes;
    const input = inNchw ? x.nchw! : cx.ref(x);
    const attributes = { keepdims: keep ? 1 : 0, ...(AXES_AS_INPUT.has(onnxOp) ? {} : { axes: onnxAxes }) };
    const inputs = AXES_AS_INPUT.has(onnxOp) ? [input, cx.int64s(onnxAxes, `${n.name}/axes`)] : [input];
    const y = cx.emit(onnxOp, inputs, { name: n.out(), attributes });
    return [inNchw && keep ? cx.fromNchw(n.out(), x.dtype, shape, y) : cx.logical(n.out(), x.dtype, shape, y)];
  };
}

/** Handlers by TF op name. */
export const reduceHandlers: Readonly<Record<string, OpHandler>> = {
  Sum: reduce('ReduceSum'),
  Mean: reduce('ReduceMean'),
  Max: reduce('ReduceMax'),
  Min: reduce('ReduceMin'),
  Prod: reduce('ReduceProd'),
};
