/**
 * A minimal reader of TensorFlow Lite flatbuffers: just what a converter
 * needs (subgraph 0's tensors, operators, operator codes, buffers and the
 * builtin options table). Field ids follow tensorflow/lite/schema/schema.fbs.
 */
import { float16ToFloat32 } from '@facelab/tfjs-to-onnx';

/** TFLite TensorType values this reader decodes into numbers. */
const TENSOR_TYPES: Record<number, string> = { 0: 'float32', 1: 'float16', 2: 'int32', 3: 'uint8', 4: 'int64', 9: 'int8' };

export interface TfliteTensor {
  readonly index: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly type: string;
  /** Constant bytes (empty for activations). */
  readonly data: Uint8Array;
  readonly quantised: boolean;
}

export interface TfliteOperator {
  /** Builtin operator code (e.g. 3 = CONV_2D), or -1 for a custom op. */
  readonly code: number;
  readonly customCode?: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Builtin options table: read a field with {@link TfliteOptions}. */
  readonly options: TfliteOptions;
}

export interface TfliteModel {
  readonly tensors: readonly TfliteTensor[];
  readonly operators: readonly TfliteOperator[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

/** Little-endian flatbuffer access (the few primitives of the flatbuffers runtime this reader needs). */
class ByteBuffer {
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  position(): number {
    return 0;
  }
  readInt8(at: number): number {
    return this.view.getInt8(at);
  }
  readInt16(at: number): number {
    return this.view.getInt16(at, true);
  }
  readInt32(at: number): number {
    return this.view.getInt32(at, true);
  }
  readUint32(at: number): number {
    return this.view.getUint32(at, true);
  }
  readFloat32(at: number): number {
    return this.view.getFloat32(at, true);
  }
  /** Offset of field `slot` (4 + 2 * id) of the table at `table` relative to the table, or 0 when absent. */
  __offset(table: number, slot: number): number {
    const vtable = table - this.readInt32(table);
    return slot < this.readInt16(vtable) ? this.readInt16(vtable + slot) : 0;
  }
  __indirect(at: number): number {
    return at + this.readInt32(at);
  }
  __vector(at: number): number {
    return at + this.readInt32(at) + 4;
  }
  __vector_len(at: number): number {
    return this.readInt32(at + this.readInt32(at));
  }
  __string(at: number): string {
    const start = at + this.readInt32(at);
    return new TextDecoder().decode(this.bytes.subarray(start + 4, start + 4 + this.readInt32(start)));
  }
}

/** Reads scalar fields of one flatbuffer table by field id. */
export class TfliteOptions {
  constructor(
    private readonly bb: ByteBuffer,
    private readonly pos: number,
  ) {}
  private at(id: number): number {
    return this.pos < 0 ? 0 : this.bb.__offset(this.pos, 4 + 2 * id);
  }
  int8(id: number, fallback = 0): number {
    const o = this.at(id);
    return o ? this.bb.readInt8(this.pos + o) : fallback;
  }
  int32(id: number, fallback = 0): number {
    const o = this.at(id);
    return o ? this.bb.readInt32(this.pos + o) : fallback;
  }
  float32(id: number, fallback = 0): number {
    const o = this.at(id);
    return o ? this.bb.readFloat32(this.pos + o) : fallback;
  }
  bool(id: number, fallback = false): boolean {
    const o = this.at(id);
    return o ? this.bb.readInt8(this.pos + o) !== 0 : fallback;
  }
}

function field(bb: ByteBuffer, table: number, id: number): number {
  return bb.__offset(table, 4 + 2 * id);
}

function tableAt(bb: ByteBuffer, table: number, id: number): number {
  const o = field(bb, table, id);
  return o ? bb.__indirect(table + o) : -1;
}

function vectorOf(bb: ByteBuffer, table: number, id: number): [start: number, length: number] {
  const o = field(bb, table, id);
  return o ? [bb.__vector(table + o), bb.__vector_len(table + o)] : [0, 0];
}

function tables(bb: ByteBuffer, table: number, id: number): number[] {
  const [start, n] = vectorOf(bb, table, id);
  return Array.from({ length: n }, (_, i) => bb.__indirect(start + 4 * i));
}

function int32s(bb: ByteBuffer, table: number, id: number): number[] {
  const [start, n] = vectorOf(bb, table, id);
  return Array.from({ length: n }, (_, i) => bb.readInt32(start + 4 * i));
}

function text(bb: ByteBuffer, table: number, id: number): string {
  const o = field(bb, table, id);
  return o ? (bb.__string(table + o) as string) : '';
}

/** Parses a .tflite file (subgraph 0 only; constants stored inside the file). */
export function readTflite(bytes: Uint8Array): TfliteModel {
  const bb = new ByteBuffer(bytes);
  const root = bb.readInt32(bb.position()) + bb.position();
  const buffers = tables(bb, root, 4).map((b) => {
    const [start, n] = vectorOf(bb, b, 0);
    return bytes.subarray(start, start + n);
  });
  const codes = tables(bb, root, 1).map((c) => {
    const deprecated = bb.readInt8(c + field(bb, c, 0)) * (field(bb, c, 0) ? 1 : 0);
    const o = field(bb, c, 3);
    const code = o ? bb.readInt32(c + o) : 0;
    const custom = text(bb, c, 1);
    return { code: custom ? -1 : Math.max(code, deprecated), custom };
  });
  const [subgraph] = tables(bb, root, 2);
  if (subgraph === undefined) throw new Error('TFLite: the model has no subgraph');
  const tensors = tables(bb, subgraph, 0).map((t, index): TfliteTensor => {
    const typeField = field(bb, t, 1);
    const typeId = typeField ? bb.readInt8(t + typeField) : 0;
    const bufField = field(bb, t, 2);
    const buffer = bufField ? bb.readUint32(t + bufField) : 0;
    const q = tableAt(bb, t, 4);
    const quantised = q >= 0 && vectorOf(bb, q, 2)[1] > 0;
    return {
      index,
      name: text(bb, t, 3),
      shape: int32s(bb, t, 0),
      type: TENSOR_TYPES[typeId] ?? `type${typeId}`,
      data: buffers[buffer] ?? new Uint8Array(0),
      quantised,
    };
  });
  const operators = tables(bb, subgraph, 3).map((op): TfliteOperator => {
    const idxField = field(bb, op, 0);
    const code = codes[idxField ? bb.readUint32(op + idxField) : 0]!;
    return {
      code: code.code,
      ...(code.custom ? { customCode: code.custom } : {}),
      inputs: int32s(bb, op, 1),
      outputs: int32s(bb, op, 2),
      options: new TfliteOptions(bb, tableAt(bb, op, 4)),
    };
  });
  return { tensors, operators, inputs: int32s(bb, subgraph, 1), outputs: int32s(bb, subgraph, 2) };
}

/** A constant tensor's values as float32 (copied, so alignment never matters); float16 is widened. */
export function floatsOf(t: TfliteTensor): Float32Array {
  if (t.type === 'float16') return float16ToFloat32(new Uint16Array(new Uint8Array(t.data).buffer, 0, t.data.length / 2));
  if (t.type !== 'float32') throw new Error(`TFLite: tensor "${t.name}" is ${t.type}, only float32 constants are supported`);
  return new Float32Array(new Uint8Array(t.data).buffer, 0, t.data.length / 4);
}

/** A constant int32 tensor's values. */
export function intsOf(t: TfliteTensor): number[] {
  if (t.type !== 'int32') throw new Error(`TFLite: tensor "${t.name}" is ${t.type}, expected int32`);
  return Array.from(new Int32Array(new Uint8Array(t.data).buffer, 0, t.data.length / 4));
}
