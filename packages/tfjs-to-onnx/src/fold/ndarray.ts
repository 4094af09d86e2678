/**
 * Small row-major array helpers for constant tensors: strides, transpose,
 * broadcasting and typed-array creation. Used to re-lay-out weights and to
 * fold constant sub-graphs at conversion time.
 */
import { sizeOf } from '../onnx/types.js';
import type { DType, Tensor, TensorData } from '../onnx/types.js';

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Allocates a typed array for `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'bool':
    case 'uint8':
      return new Uint8Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'float16':
      return new Uint16Array(n);
  }
}

/** Builds a tensor from plain numbers. */
export function tensorOf(dtype: DType, shape: readonly number[], values: ArrayLike<number>): Tensor {
  const data = allocate(dtype, values.length);
  if (data instanceof BigInt64Array) for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]!);
  else (data as Float32Array).set(values);
  if (sizeOf(shape) !== values.length) throw new Error(`tensorOf: shape [${shape}] needs ${sizeOf(shape)} values, got ${values.length}`);
  return { dtype, shape: [...shape], data };
}

/** Reads element `i` of a tensor as a number. */
export function at(t: Tensor, i: number): number {
  return Number(t.data[i]!);
}

/** All elements as plain numbers. */
export function toNumbers(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

/** Transposes a constant tensor: output dim i is input dim perm[i]. */
export function transpose(t: Tensor, perm: readonly number[]): Tensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new Error(`transpose: perm [${perm}] does not match rank ${rank}`);
  const outShape = perm.map((p) => t.shape[p]!);
  const inStrides = stridesOf(t.shape);
  const permStrides = perm.map((p) => inStrides[p]!);
  const n = sizeOf(outShape);
  const out = allocate(t.dtype, n);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    (out as Float32Array)[i] = (t.data as Float32Array)[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      src += permStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      src -= permStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
  return { dtype: t.dtype, shape: outShape, data: out };
}

/** Same data, new shape. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  if (sizeOf(shape) !== sizeOf(t.shape)) throw new Error(`reshape: [${t.shape}] to [${shape}] changes the size`);
  return { dtype: t.dtype, shape: [...shape], data: t.data };
}

/** NumPy broadcast of two shapes (-1 = unknown); throws when incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[], where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === -1 || y === -1) out.push(x === -1 ? y : x);
    else if (x === y) out.push(x);
    else throw new Error(`${where}: shapes [${a}] and [${b}] do not broadcast`);
  }
  return out;
}

/** Applies `fn` elementwise over two broadcast constant tensors. */
export function broadcastBinary(
  a: Tensor,
  b: Tensor,
  outDType: DType,
  fn: (x: number, y: number) => number,
): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, 'constant folding');
  const rank = shape.length;
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const stA = stridesOf(sa).map((s, i) => (sa[i] === 1 ? 0 : s));
  const stB = stridesOf(sb).map((s, i) => (sb[i] === 1 ? 0 : s));
  const n = sizeOf(shape);
  const values = new Array<number>(n);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += idx[d]! * stA[d]!;
      ib += idx[d]! * stB[d]!;
    }
    values[i] = fn(at(a, ia), at(b, ib));
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return tensorOf(outDType, shape, values);
}
