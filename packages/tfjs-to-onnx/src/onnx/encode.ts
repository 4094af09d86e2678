/**
 * Serialises an {@link OnnxModel} into ONNX protobuf bytes, using the field
 * numbers of the official onnx.proto. Output is deterministic: fields are
 * written in a fixed order, initializers in insertion order, and tensor data
 * as little-endian `raw_data`.
 */
import { ProtoWriter } from './protobuf.js';
import { ONNX_DATA_TYPE } from './types.js';
import type { AttributeValue, OnnxModel, OnnxNode, Tensor, ValueInfo } from './types.js';

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function rawBytes(tensor: Tensor): Uint8Array {
  if (!littleEndian) throw new Error('tfjs-to-onnx: big-endian hosts are not supported');
  const { data } = tensor;
  if (tensor.dtype === 'int64' && !(data instanceof BigInt64Array)) {
    const wide = BigInt64Array.from(Array.from(data as ArrayLike<number>, (v) => BigInt(v)));
    return new Uint8Array(wide.buffer);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Writes a TensorProto (dims, data_type, name, raw_data). */
export function writeTensor(w: ProtoWriter, tensor: Tensor, name?: string): void {
  for (const d of tensor.shape) w.varint(1, d);
  w.varint(2, ONNX_DATA_TYPE[tensor.dtype]);
  if (name !== undefined) w.string(8, name);
  w.bytes(9, rawBytes(tensor));
}

function writeAttribute(w: ProtoWriter, name: string, attr: AttributeValue): void {
  w.string(1, name);
  switch (attr.type) {
    case 'float':
      w.varint(20, ATTR_FLOAT).float(2, attr.value);
      break;
    case 'int':
      w.varint(20, ATTR_INT).varint(3, attr.value);
      break;
    case 'string':
      w.varint(20, ATTR_STRING).string(4, attr.value);
      break;
    case 'tensor':
      w.varint(20, ATTR_TENSOR).message(5, (t) => writeTensor(t, attr.value));
      break;
    case 'floats':
      w.varint(20, ATTR_FLOATS);
      for (const v of attr.value) w.float(7, v);
      break;
    case 'ints':
      w.varint(20, ATTR_INTS);
      for (const v of attr.value) w.varint(8, v);
      break;
  }
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const key of Object.keys(node.attributes).sort()) {
    w.message(5, (a) => writeAttribute(a, key, node.attributes[key]!));
  }
  if (node.domain) w.string(7, node.domain);
}

function writeValueInfo(w: ProtoWriter, info: ValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.varint(1, ONNX_DATA_TYPE[info.dtype]);
      tensorType.message(2, (shape) => {
        for (const d of info.shape) {
          shape.message(1, (dim) => (typeof d === 'string' || d < 0 ? dim.string(2, typeof d === 'string' ? d : 'N') : dim.varint(1, d)));
        }
      });
    }),
  );
}

/** Serialises a model to the bytes of an `.onnx` file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  if (model.docString) w.string(6, model.docString);
  w.message(7, (g) => {
    for (const node of model.nodes) g.message(1, (n) => writeNode(n, node));
    g.string(2, model.graphName);
    for (const [name, tensor] of model.initializers) g.message(5, (t) => writeTensor(t, tensor, name));
    for (const input of model.inputs) g.message(11, (v) => writeValueInfo(v, input));
    for (const output of model.outputs) g.message(12, (v) => writeValueInfo(v, output));
  });
  w.message(8, (op) => op.string(1, '').varint(2, model.opset));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.message(14, (m) => m.string(1, key).string(2, value));
  }
  return w.finish();
}
