/**
 * Plain data types for an ONNX model, mirroring the messages of onnx.proto
 * that this package writes (ModelProto, GraphProto, NodeProto, TensorProto,
 * AttributeProto, ValueInfoProto).
 */

/** Element types this package reads and writes. */
export type DType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool';

/** TensorProto.DataType numbers from onnx.proto. */
export const ONNX_DATA_TYPE: Readonly<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
};

/** Typed array holding a tensor's elements (bool and int8/uint8 as bytes, float16 as raw uint16). */
export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Uint16Array;

/** A constant tensor: element type, dimensions and row-major data. */
export interface Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

/** A dimension: a fixed size, or a symbolic name for a dynamic one. */
export type Dim = number | string;

/** A graph input or output: name, element type and shape. */
export interface ValueInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[];
}

/** Attribute values; arrays of numbers are written as `ints` unless `floats` is requested. */
export type AttributeValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'tensor'; readonly value: Tensor };

/** A node of the graph. */
export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly domain?: string;
}

/** A whole model, ready to serialise. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graphName: string;
  readonly docString?: string;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializers: ReadonlyMap<string, Tensor>;
  readonly nodes: readonly OnnxNode[];
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
