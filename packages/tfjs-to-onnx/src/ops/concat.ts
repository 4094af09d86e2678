/**
 * Joining and splitting: ConcatV2, Concat, Pack, SplitV, Split, Unpack.
 * Concat and split along a 4-D axis run on the NCHW form when the inputs
 * already have it.
 */
import { nhwcAxisToNchw, normalizeAxis } from '../convert/shapes.js';
import type { Value } from '../convert/value.js';
import type { OpHandler, OpNode } from './types.js';

function concatValues(n: OpNode, inputs: readonly Value[], rawAxis: number): Value[] {
  const { cx } = n;
  const first = inputs[0]!;
  const axis = normalizeAxis(rawAxis, first.rank, `node "${n.name}"`);
  const shape = first.shape.map((d, i) => {
    if (i !== axis) return inputs.map((v) => v.shape[i]!).find((s) => s >= 0) ?? d;
    return inputs.some((v) => v.shape[i]! < 0) ? -1 : inputs.reduce((a, v) => a + v.shape[i]!, 0);
  });
  if (inputs.length === 1) return [first];
  if (first.rank === 4 && cx.canRunNchw(inputs) && inputs.every((v) => v.rank === 4)) {
    const y = cx.emit('Concat', inputs.map((v) => cx.nchw(v)), { name: n.out(), attributes: { axis: nhwcAxisToNchw(axis) } });
    return [cx.fromNchw(n.out(), first.dtype, shape, y)];
  }
  const y = cx.emit('Concat', inputs.map((v) => cx.ref(v)), { name: n.out(), attributes: { axis } });
  return [cx.logical(n.out(), first.dtype, shape, y)];
}

const concatV2: OpHandler = (n) => {
  const axis = n.constNumbers(n.inputs.length - 1, 'axis')[0]!;
  return concatValues(n, n.inputs.slice(0, -1), axis);
};

const concatV1: OpHandler = (n) => concatValues(n, n.inputs.slice(1), n.constNumbers(0, 'axis')[0]!);

const pack: OpHandler = (n) => {
  const { cx } = n;
  const first = n.input(0);
  const axis = normalizeAxis(n.attrs.int('axis', 0), first.rank + 1, `node "${n.name}"`);
  const axes = cx.int64s([axis], `${n.name}/axes`);
  const parts = n.inputs.map((v, i) => {
    const shape = [...v.shape.slice(0, axis), 1, ...v.shape.slice(axis)];
    return cx.logical(`${n.out()}/${i}`, v.dtype, shape, cx.emit('Unsqueeze', [cx.ref(v), axes], { name: `${n.out()}/part` }));
  });
  return concatValues(n, parts, axis);
};

/** Emits an ONNX Split of `x` along TF axis `axis` into `sizes`; returns one value per part. */
function splitValues(n: OpNode, x: Value, axis: number, sizes: readonly number[]): Value[] {
  const { cx } = n;
  const inNchw = x.prefersNchw;
  const outs = cx.emitMany('Split', [inNchw ? x.nchw! : cx.ref(x), cx.int64s(sizes, `${n.name}/split`)], {
    name: n.out(),
    outputs: sizes.length,
    attributes: { axis: inNchw ? nhwcAxisToNchw(axis) : axis },
  });
  return outs.map((o, i) => {
    const shape = x.shape.map((d, j) => (j === axis ? sizes[i]! : d));
    return inNchw ? cx.fromNchw(n.out(i), x.dtype, shape, o) : cx.logical(n.out(i), x.dtype, shape, o);
  });
}

const splitV: OpHandler = (n) => {
  const x = n.input(0);
  const sizes = n.constNumbers(1, 'size_splits');
  const axis = normalizeAxis(n.constNumbers(2, 'axis')[0]!, x.rank, `node "${n.name}"`);
  const hole = sizes.indexOf(-1);
  if (hole >= 0) {
    const dim = x.shape[axis]!;
    if (dim < 0) n.fail('a -1 split size needs a static dimension');
    sizes[hole] = dim - sizes.reduce((a, s, i) => (i === hole ? a : a + s), 0);
  }
  return splitValues(n, x, axis, sizes);
};

/** Split(axis, x) into num_split equal parts. */
const split: OpHandler = (n) => {
  const x = n.input(1);
  const axis = normalizeAxis(n.constNumbers(0, 'axis')[0]!, x.rank, `node "${n.name}"`);
  const count = n.attrs.int('num_split');
  const dim = x.shape[axis]!;
  if (dim < 0 || dim % count !== 0) n.fail(`cannot split dim of size ${dim} into ${count} equal parts`);
  return splitValues(n, x, axis, new Array<number>(count).fill(dim / count));
};

const unpack: OpHandler = (n) => {
  const { cx } = n;
  const x = n.input(0);
  const axis = normalizeAxis(n.attrs.int('axis', 0), x.rank, `node "${n.name}"`);
  const count = n.attrs.int('num', x.shape[axis]!);
  if (count < 0) n.fail('Unpack needs a static size along its axis');
  const parts = splitValues(n, x, axis, new Array<number>(count).fill(1));
  const axes = cx.int64s([axis], `${n.name}/axes`);
  return parts.map((p, i) => {
    const shape = p.shape.filter((_, j) => j !== axis);
    return cx.logical(n.out(i), x.dtype, shape, cx.emit('Squeeze', [cx.ref(p), axes], { name: n.out(i) }));
  });
};

/** Handlers by TF op name. */
export const concatHandlers: Readonly<Record<string, OpHandler>> = {
  ConcatV2: concatV2,
  Concat: concatV1,
  Pack: pack,
  SplitV: splitV,
  Split: split,
  Unpack: unpack,
};
