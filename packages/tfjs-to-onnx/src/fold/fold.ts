/**
 * Constant folding: evaluates a TF node whose inputs are all known at
 * conversion time, so shape plumbing (and prologues such as nanodet's
 * SparseToDense) never reaches the ONNX graph. Float results are rounded to
 * float32 after each op, as TF.js computes them.
 */
import { sizeOf } from '../onnx/types.js';
import type { DType, Tensor } from '../onnx/types.js';
import type { Attrs } from '../tfjs/attrs.js';
import { planStridedSlice, resolveDim } from '../ops/strided-slice-spec.js';
import { at, broadcastBinary, reshape, stridesOf, tensorOf, toNumbers, transpose } from './ndarray.js';

type Folder = (inputs: readonly Tensor[], attrs: Attrs) => Tensor[];

function arithmetic(fn: (a: number, b: number) => number, intFn = fn): Folder {
  return ([a, b]) => {
    const isFloat = a!.dtype === 'float32';
    return [broadcastBinary(a!, b!, a!.dtype, isFloat ? (x, y) => Math.fround(fn(x, y)) : (x, y) => intFn(x, y) | 0)];
  };
}

function castTo(t: Tensor, dtype: DType): Tensor {
  const values = toNumbers(t).map((v) => (dtype === 'bool' ? (v !== 0 ? 1 : 0) : dtype === 'float32' ? v : Math.trunc(v)));
  return tensorOf(dtype, t.shape, values);
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function concat(parts: readonly Tensor[], axis: number): Tensor {
  const first = parts[0]!;
  const a = normAxis(axis, first.shape.length);
  const outer = sizeOf(first.shape.slice(0, a));
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const inner = sizeOf(p.shape.slice(a));
      for (let i = 0; i < inner; i++) values.push(at(p, o * inner + i));
    }
  }
  const shape = [...first.shape];
  shape[a] = parts.reduce((s, p) => s + p.shape[a]!, 0);
  return tensorOf(first.dtype, shape, values);
}

function stridedSlice([x, b, e, s]: readonly Tensor[], attrs: Attrs): Tensor[] {
  const plan = planStridedSlice(x!.shape.length, toNumbers(b!), toNumbers(e!), toNumbers(s!), {
    begin: attrs.int('begin_mask', 0),
    end: attrs.int('end_mask', 0),
    ellipsis: attrs.int('ellipsis_mask', 0),
    newAxis: attrs.int('new_axis_mask', 0),
    shrink: attrs.int('shrink_axis_mask', 0),
  });
  const dims = plan.dims.map((d, i) => resolveDim(d, x!.shape[i]!));
  const strides = stridesOf(x!.shape);
  const values: number[] = [];
  const idx = new Array<number>(dims.length).fill(0);
  const total = sizeOf(dims.map((d) => d.size));
  for (let k = 0; k < total; k++) {
    let src = 0;
    dims.forEach((d, i) => (src += (d.start + idx[i]! * d.stride) * strides[i]!));
    values.push(at(x!, src));
    for (let i = dims.length - 1; i >= 0; i--) {
      if (++idx[i]! < dims[i]!.size) break;
      idx[i] = 0;
    }
  }
  const shape = dims.filter((_, i) => !plan.dims[i]!.shrink).map((d) => d.size);
  for (const p of plan.newAxes) shape.splice(p, 0, 1);
  return [tensorOf(x!.dtype, shape, values)];
}

function reshapeTo([x, s]: readonly Tensor[]): Tensor[] {
  const target = toNumbers(s!);
  const hole = target.indexOf(-1);
  if (hole >= 0) target[hole] = sizeOf(x!.shape) / sizeOf(target.filter((d) => d !== -1));
  return [reshape(x!, target)];
}

function sparseToDense([indices, outShape, values, fallback]: readonly Tensor[]): Tensor[] {
  const shape = toNumbers(outShape!);
  const out = new Array<number>(sizeOf(shape)).fill(at(fallback!, 0));
  const rank = shape.length;
  const strides = stridesOf(shape);
  const count = indices!.shape.length === 0 ? 1 : indices!.shape[0]!;
  for (let k = 0; k < count; k++) {
    let flat = 0;
    for (let d = 0; d < rank; d++) flat += at(indices!, indices!.shape.length > 1 ? k * rank + d : k) * strides[d]!;
    out[flat] = values!.shape.length === 0 ? at(values!, 0) : at(values!, k);
  }
  return [tensorOf(values!.dtype, shape, out)];
}

function compareFold(fn: (a: number, b: number) => boolean): Folder {
  return ([a, b]) => [broadcastBinary(a!, b!, 'bool', (x, y) => (fn(x, y) ? 1 : 0))];
}

function range([start, limit, delta]: readonly Tensor[]): Tensor[] {
  const [s, l, d] = [at(start!, 0), at(limit!, 0), at(delta!, 0)];
  const count = Math.max(0, Math.ceil((l - s) / d));
  return [tensorOf(start!.dtype, [count], Array.from({ length: count }, (_, i) => s + i * d))];
}

function tile([x, reps]: readonly Tensor[]): Tensor[] {
  const r = toNumbers(reps!);
  const shape = x!.shape.map((d, i) => d * r[i]!);
  const inStrides = stridesOf(x!.shape);
  const outStrides = stridesOf(shape);
  const values = Array.from({ length: sizeOf(shape) }, (_, k) => {
    let src = 0;
    shape.forEach((_, i) => (src += (Math.floor(k / outStrides[i]!) % shape[i]!) % x!.shape[i]! * inStrides[i]!));
    return at(x!, src);
  });
  return [tensorOf(x!.dtype, shape, values)];
}

const FOLDERS: Readonly<Record<string, Folder>> = {
  Equal: compareFold((a, b) => a === b),
  NotEqual: compareFold((a, b) => a !== b),
  Less: compareFold((a, b) => a < b),
  LessEqual: compareFold((a, b) => a <= b),
  Greater: compareFold((a, b) => a > b),
  GreaterEqual: compareFold((a, b) => a >= b),
  Range: range,
  Tile: tile,
  Size: ([x]) => [tensorOf('int32', [], [sizeOf(x!.shape)])],
  Identity: ([x]) => [x!],
  Cast: ([x], attrs) => [castTo(x!, attrs.dtype('DstT'))],
  Add: arithmetic((a, b) => a + b),
  AddV2: arithmetic((a, b) => a + b),
  Sub: arithmetic((a, b) => a - b),
  Mul: arithmetic((a, b) => a * b, (a, b) => Math.imul(a, b)),
  RealDiv: arithmetic((a, b) => a / b),
  FloorDiv: arithmetic((a, b) => Math.floor(a / b)),
  Maximum: arithmetic(Math.max),
  Minimum: arithmetic(Math.min),
  Neg: ([x]) => [tensorOf(x!.dtype, x!.shape, toNumbers(x!).map((v) => -v))],
  Reshape: reshapeTo,
  Transpose: ([x, p]) => [transpose(x!, toNumbers(p!))],
  Pack: (parts, attrs) => {
    const axis = normAxis(attrs.int('axis', 0), parts[0]!.shape.length + 1);
    const expanded = parts.map((p) => reshape(p, [...p.shape.slice(0, axis), 1, ...p.shape.slice(axis)]));
    return [concat(expanded, axis)];
  },
  ConcatV2: (inputs) => [concat(inputs.slice(0, -1), at(inputs[inputs.length - 1]!, 0))],
  ExpandDims: ([x, d]) => {
    const axis = normAxis(at(d!, 0), x!.shape.length + 1);
    return [reshape(x!, [...x!.shape.slice(0, axis), 1, ...x!.shape.slice(axis)])];
  },
  Squeeze: ([x], attrs) => {
    const axes = attrs.ints('squeeze_dims', attrs.ints('axis', [])).map((a) => normAxis(a, x!.shape.length));
    return [reshape(x!, x!.shape.filter((d, i) => (axes.length ? !axes.includes(i) : d !== 1)))];
  },
  StridedSlice: stridedSlice,
  SparseToDense: sparseToDense,
  Fill: ([dims, v]) => [tensorOf(v!.dtype, toNumbers(dims!), new Array<number>(sizeOf(toNumbers(dims!))).fill(at(v!, 0)))],
};

/** Evaluates `op` on constant inputs, or returns undefined when it cannot be folded. */
export function foldConstant(op: string, inputs: readonly Tensor[], attrs: Attrs): Tensor[] | undefined {
  const folder = FOLDERS[op];
  if (!folder) return undefined;
  if (inputs.some((t) => t.dtype === 'int64' || t.dtype === 'float16')) return undefined;
  return folder(inputs, attrs);
}
