/**
 * Adds an intermediate tensor of an ONNX model as an extra graph output,
 * by appending a ValueInfoProto to GraphProto.output (field 12) inside
 * ModelProto.graph (field 7) and rewriting that field's length. Used to read
 * `fr-liveness`'s 128-value embedding (the batch-normalised layer before its
 * classifier) so a head can be trained on it.
 */

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[at++];
    value += (b & 127) * scale;
    if (b < 128) return [value, at];
    scale *= 128;
  }
}

function field(number: number, payload: number[]): number[] {
  return [...varint((number << 3) | 2), ...varint(payload.length), ...payload];
}

/** The model bytes with `tensor` (float32) added as a graph output. */
export function addFloatOutput(model: Uint8Array, tensor: string): Uint8Array {
  const name = [...new TextEncoder().encode(tensor)];
  // ValueInfoProto { name = 1; type = 2: TypeProto { tensor_type = 1: { elem_type = 1 (FLOAT) } } }
  const valueInfo = [...field(1, name), ...field(2, field(1, [0x08, 0x01]))];
  const extra = field(12, valueInfo);
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < model.length) {
    const start = at;
    const [tag, afterTag] = readVarint(model, at);
    const wire = tag & 7;
    if (wire === 0) at = readVarint(model, afterTag)[1];
    else if (wire === 1) at = afterTag + 8;
    else if (wire === 5) at = afterTag + 4;
    else if (wire === 2) {
      const [length, body] = readVarint(model, afterTag);
      at = body + length;
      if (tag >> 3 === 7) {
        parts.push(Uint8Array.from([...varint(tag), ...varint(length + extra.length)]), model.subarray(body, at), Uint8Array.from(extra));
        continue;
      }
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    parts.push(model.subarray(start, at));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
