/**
 * Indexing and generator ops: GatherNd, GatherV2, TopKV2, ArgMax, Tile,
 * Range, Fill and Size. ONNX takes and returns int64 indices where TF.js
 * uses int32, so indices are cast on the way in and out.
 */
import { normalizeAxis } from '../convert/shapes.js';
import { Value } from '../convert/value.js';
import { tensorOf } from '../fold/ndarray.js';
import { ONNX_DATA_TYPE } from '../onnx/types.js';
import type { OpHandler, OpNode } from './types.js';

function toInt64(n: OpNode, v: Value, tag: string): string {
  if (v.constant) return n.cx.int64s(Array.from(v.constant.data as ArrayLike<number>), `${n.name}/${tag}`);
  return n.cx.emit('Cast', [n.cx.ref(v)], { name: `${n.out()}/${tag}`, attributes: { to: ONNX_DATA_TYPE.int64 } });
}

function toInt32(n: OpNode, name: string, out: string): string {
  return n.cx.emit('Cast', [name], { name: out, attributes: { to: ONNX_DATA_TYPE.int32 } });
}

const gatherNd: OpHandler = (n) => {
  const params = n.input(0);
  const indices = n.input(1);
  const depth = indices.shape[indices.rank - 1]!;
  if (depth < 0) n.fail('the last dimension of indices must be static');
  const shape = [...indices.shape.slice(0, -1), ...params.shape.slice(depth)];
  const y = n.cx.emit('GatherND', [n.cx.ref(params), toInt64(n, indices, 'indices')], { name: n.out() });
  return [n.cx.logical(n.out(), params.dtype, shape, y)];
};

const gatherV2: OpHandler = (n) => {
  const params = n.input(0);
  const indices = n.input(1);
  if (n.attrs.int('batch_dims', 0) !== 0) n.fail('batch_dims is not supported');
  const axis = normalizeAxis(n.constNumbers(2, 'axis')[0]!, params.rank, `node "${n.name}"`);
  const shape = [...params.shape.slice(0, axis), ...indices.shape, ...params.shape.slice(axis + 1)];
  const y = n.cx.emit('Gather', [n.cx.ref(params), toInt64(n, indices, 'indices')], { name: n.out(), attributes: { axis } });
  return [n.cx.logical(n.out(), params.dtype, shape, y)];
};

const topK: OpHandler = (n) => {
  const x = n.input(0);
  const k = n.constNumbers(1, 'k')[0]!;
  const [values, indices] = n.cx.emitMany('TopK', [n.cx.ref(x), n.cx.int64s([k], `${n.name}/k`)], {
    name: n.out(),
    outputs: 2,
    attributes: { axis: -1, largest: 1, sorted: n.attrs.bool('sorted', true) ? 1 : 0 },
  });
  const shape = [...x.shape.slice(0, -1), k];
  return [n.cx.logical(n.out(0), x.dtype, shape, values!), n.cx.logical(n.out(1), 'int32', shape, toInt32(n, indices!, n.out(1)))];
};

const argMax: OpHandler = (n) => {
  const x = n.input(0);
  const axis = normalizeAxis(n.constNumbers(1, 'dimension')[0]!, x.rank, `node "${n.name}"`);
  const y = n.cx.emit('ArgMax', [n.cx.ref(x)], { name: `${n.out()}/int64`, attributes: { axis, keepdims: 0 } });
  const out = n.attrs.dtype('output_type', 'int32');
  return [n.cx.logical(n.out(), out, x.shape.filter((_, i) => i !== axis), toInt32(n, y, n.out()))];
};

const tile: OpHandler = (n) => {
  const x = n.input(0);
  const reps = n.constNumbers(1, 'multiples');
  const shape = x.shape.map((d, i) => (d < 0 ? -1 : d * reps[i]!));
  const y = n.cx.emit('Tile', [n.cx.ref(x), n.cx.int64s(reps, `${n.name}/repeats`)], { name: n.out() });
  return [n.cx.logical(n.out(), x.dtype, shape, y)];
};

const range: OpHandler = (n) => {
  const [start, limit, delta] = [n.input(0), n.input(1), n.input(2)];
  const y = n.cx.emit('Range', [n.cx.ref(start), n.cx.ref(limit), n.cx.ref(delta)], { name: n.out() });
  return [n.cx.logical(n.out(), start.dtype, [-1], y)];
};

/** Fill(dims, value) at run time: the scalar expanded to the shape. */
const fill: OpHandler = (n) => {
  const dims = n.input(0);
  const value = n.input(1);
  const shape = dims.constant ? Array.from(dims.constant.data as ArrayLike<number>) : new Array<number>(dims.shape[0] ?? 0).fill(-1);
  const y = n.cx.emit('Expand', [n.cx.ref(value), toInt64(n, dims, 'dims')], { name: n.out() });
  return [n.cx.logical(n.out(), value.dtype, shape, y)];
};

const size: OpHandler = (n) => {
  const x = n.input(0);
  if (x.shape.every((d) => d >= 0)) return [new Value(n.out(), 'int32', [], tensorOf('int32', [], [x.shape.reduce((a, b) => a * b, 1)]))];
  const count = n.cx.emit('Size', [n.cx.ref(x)], { name: `${n.out()}/int64` });
  return [n.cx.logical(n.out(), n.attrs.dtype('out_type', 'int32'), [], toInt32(n, count, n.out()))];
};

/** Handlers by TF op name. */
export const gatherHandlers: Readonly<Record<string, OpHandler>> = {
  GatherNd: gatherNd,
  GatherV2: gatherV2,
  TopKV2: topK,
  ArgMax: argMax,
  Tile: tile,
  Range: range,
  Fill: fill,
  Size: size,
};
