/**
 * Reshape, Squeeze and ExpandDims. A constant Reshape target whose leading 1
 * stands for the batch (the rest of the element count matches) is rewritten
 * to ONNX's "copy this dim" 0, so a batch fixed at 1 in the TF graph stays
 * dynamic in ONNX.
 */
import { knownProduct, normalizeAxis } from '../convert/shapes.js';
import type { Value } from '../convert/value.js';
import { ONNX_DATA_TYPE } from '../onnx/types.js';
import type { OpHandler, OpNode } from './types.js';

/** Whether the leading 1 of `target` can stand for `x`'s dynamic batch. */
function leadingOneIsBatch(x: Value, target: readonly number[]): boolean {
  if (x.shape[0] !== -1 || target[0] !== 1) return false;
  const rest = knownProduct(x.shape.slice(1));
  if (rest < 0) return false;
  const tail = target.slice(1);
  const holes = tail.filter((d) => d === -1).length;
  const known = tail.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return holes === 0 ? known === rest : holes === 1 && known > 0 && rest % known === 0;
}

/** Static output shape of ONNX Reshape(x, target) with 0 = copy and one -1. */
function reshapedShape(n: OpNode, x: Value, target: readonly number[]): number[] {
  const dims = target.map((d, i) => (d === 0 ? x.shape[i]! : d));
  if (target.filter((d) => d === -1).length > 1) n.fail(`target shape [${target}] has more than one -1`);
  const hole = target.indexOf(-1);
  if (hole < 0) return dims;
  // Unknown dims that are copied cancel out between input and output.
  const copied = target.map((d, i) => (d === 0 ? i : -1)).filter((i) => i >= 0);
  const inRest = knownProduct(x.shape.filter((_, i) => !copied.includes(i)));
  const outRest = knownProduct(dims.filter((_, i) => i !== hole && !copied.includes(i)));
  if (inRest < 0 || outRest <= 0) return dims;
  if (inRest % outRest !== 0) n.fail(`cannot reshape [${x.shape}] to [${target}]`);
  dims[hole] = inRest / outRest;
  return dims;
}

const reshapeOp: OpHandler = (n) => {
  const { cx } = n;
  const x = n.input(0);
  const shapeValue = n.input(1);
  if (shapeValue.constant) {
    const target = n.constNumbers(1, 'shape');
    if (target.includes(0)) n.fail('reshaping to a zero-size dimension is not supported');
    if (leadingOneIsBatch(x, target)) target[0] = 0;
    const shape = reshapedShape(n, x, target);
    const y = cx.emit('Reshape', [cx.ref(x), cx.int64s(target, `${n.name}/shape`)], { name: n.out() });
    return [cx.logical(n.out(), x.dtype, shape, y)];
  }
  const rank = shapeValue.shape[0] ?? -1;
  if (rank < 0) n.fail('the target shape must have a known length');
  const target64 = cx.emit('Cast', [cx.ref(shapeValue)], { name: `${n.name}/shape64`, attributes: { to: ONNX_DATA_TYPE.int64 } });
  const y = cx.emit('Reshape', [cx.ref(x), target64], { name: n.out() });
  return [cx.logical(n.out(), x.dtype, new Array<number>(rank).fill(-1), y)];
};

const squeeze: OpHandler = (n) => {
  const x = n.input(0);
  let axes = n.attrs.ints('squeeze_dims', n.attrs.ints('axis', []));
  if (axes.length === 0) {
    if (x.shape.some((d) => d < 0)) n.fail('squeezing all size-1 dims needs a static shape');
    axes = x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  }
  const norm = axes.map((a) => normalizeAxis(a, x.rank, `node "${n.name}"`));
  for (const a of norm) if (x.shape[a] !== 1 && x.shape[a] !== -1) n.fail(`cannot squeeze dim ${a} of size ${x.shape[a]}`);
  const shape = x.shape.filter((_, i) => !norm.includes(i));
  const y = n.cx.emit('Squeeze', [n.cx.ref(x), n.cx.int64s(norm, `${n.name}/axes`)], { name: n.out() });
  return [n.cx.logical(n.out(), x.dtype, shape, y)];
};

const expandDims: OpHandler = (n) => {
  const x = n.input(0);
  const dims = n.constNumbers(1, 'dim');
  if (dims.length !== 1) n.fail(`dim must hold one value, got ${dims.length}`);
  const axis = normalizeAxis(dims[0]!, x.rank + 1, `node "${n.name}"`);
  const shape = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
  const y = n.cx.emit('Unsqueeze', [n.cx.ref(x), n.cx.int64s([axis], `${n.name}/axes`)], { name: n.out() });
  return [n.cx.logical(n.out(), x.dtype, shape, y)];
};

/** Handlers by TF op name. */
export const reshapeHandlers: Readonly<Record<string, OpHandler>> = {
  Reshape: reshapeOp,
  Squeeze: squeeze,
  ExpandDims: expandDims,
};
