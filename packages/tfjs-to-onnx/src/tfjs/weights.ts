/**
 * Decodes the weights of a TF.js weights manifest into constant tensors,
 * dequantising on load exactly as TF.js does: float16 is widened to float32,
 * uint8/uint16 become `q * scale + min` (rounded for int32 weights).
 */
import { sizeOf } from '../onnx/types.js';
import type { Tensor } from '../onnx/types.js';
import type { WeightEntry, WeightsGroup } from './model-json.js';

/** Converts IEEE 754 half-precision bit patterns to float32 values. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) out[i] = mantissa ? NaN : sign * Infinity;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

const STORED_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function storedDType(w: WeightEntry): string {
  return w.quantization?.dtype ?? w.dtype;
}

function decodeOne(w: WeightEntry, bytes: Uint8Array): Tensor {
  const n = sizeOf(w.shape);
  const copy = bytes.slice(); // aligned, owned copy
  const shape = [...w.shape];
  const q = w.quantization;
  if (!q) {
    if (w.dtype === 'float32') return { dtype: 'float32', shape, data: new Float32Array(copy.buffer, 0, n) };
    if (w.dtype === 'int32') return { dtype: 'int32', shape, data: new Int32Array(copy.buffer, 0, n) };
    if (w.dtype === 'bool') return { dtype: 'bool', shape, data: copy };
    throw new Error(`weight "${w.name}": unsupported dtype ${w.dtype}`);
  }
  let values: Float32Array;
  if (q.dtype === 'float16') {
    values = float16ToFloat32(new Uint16Array(copy.buffer, 0, n));
  } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
    if (q.scale === undefined || q.min === undefined) throw new Error(`weight "${w.name}": ${q.dtype} quantization without scale/min`);
    const raw = q.dtype === 'uint8' ? copy : new Uint16Array(copy.buffer, 0, n);
    values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = raw[i]! * q.scale + q.min;
  } else {
    throw new Error(`weight "${w.name}": unsupported quantization ${String((q as { dtype: unknown }).dtype)}`);
  }
  if (w.dtype === 'float32') return { dtype: 'float32', shape, data: values };
  if (w.dtype === 'int32') return { dtype: 'int32', shape, data: Int32Array.from(values, Math.round) };
  throw new Error(`weight "${w.name}": quantized dtype ${w.dtype} is not supported`);
}

/**
 * Decodes every weight of a manifest. `groupData[i]` holds the bytes of
 * group i (its shard files concatenated in `paths` order).
 */
export function decodeWeights(manifest: readonly WeightsGroup[], groupData: readonly Uint8Array[]): Map<string, Tensor> {
  if (groupData.length !== manifest.length) {
    throw new Error(`weights manifest has ${manifest.length} groups but ${groupData.length} buffers were given`);
  }
  const out = new Map<string, Tensor>();
  manifest.forEach((group, g) => {
    const data = groupData[g]!;
    let offset = 0;
    for (const w of group.weights) {
      const bpe = STORED_BYTES[storedDType(w)];
      if (bpe === undefined) throw new Error(`weight "${w.name}": unsupported stored dtype ${storedDType(w)}`);
      const size = sizeOf(w.shape) * bpe;
      if (offset + size > data.length) {
        throw new Error(`weight "${w.name}" needs bytes ${offset}..${offset + size} but ${group.paths.join('+')} has ${data.length}`);
      }
      out.set(w.name, decodeOne(w, data.subarray(offset, offset + size)));
      offset += size;
    }
    if (offset !== data.length) {
      throw new Error(`weights of ${group.paths.join('+')}: manifest describes ${offset} bytes, file has ${data.length}`);
    }
  });
  return out;
}
