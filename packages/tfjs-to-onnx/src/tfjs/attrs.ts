/**
 * Typed accessors for NodeDef attributes as the TF.js JSON stores them
 * (int64 as strings, strings base64-encoded). Missing required attributes
 * throw an error naming the node.
 */
import type { DType } from '../onnx/types.js';
import type { TfAttrValue, TfNode, TfShape } from './model-json.js';

const TF_DTYPES: Readonly<Record<string, DType>> = {
  DT_FLOAT: 'float32',
  DT_HALF: 'float16',
  DT_INT32: 'int32',
  // TF.js has no int64: it stores and computes them as int32, and so do we.
  DT_INT64: 'int32',
  DT_BOOL: 'bool',
  DT_UINT8: 'uint8',
  DT_INT8: 'int8',
};

/** Maps a TF `DT_*` name (or a TF.js dtype string) to an element type. */
export function tfDType(name: string, where: string): DType {
  const mapped = TF_DTYPES[name] ?? ({ float32: 'float32', int32: 'int32', bool: 'bool' } as Record<string, DType>)[name];
  if (!mapped) throw new Error(`${where}: unsupported dtype ${name}`);
  return mapped;
}

function decodeString(b64: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

/** Reads a shape proto: dims with -1 for unknown; null for unknown rank. */
export function tfShape(shape: TfShape | undefined): number[] | null {
  if (!shape || shape.unknownRank) return null;
  return (shape.dim ?? []).map((d) => Number(d.size ?? -1));
}

/** Attribute reader bound to one node. */
export class Attrs {
  constructor(private readonly node: TfNode) {}

  private get(key: string): TfAttrValue | undefined {
    return this.node.attr?.[key];
  }

  private missing(key: string): never {
    throw new Error(`node "${this.node.name}" (${this.node.op}): missing attribute "${key}"`);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  int(key: string, fallback?: number): number {
    const v = this.get(key)?.i;
    if (v === undefined) return fallback ?? this.missing(key);
    return Number(v);
  }

  float(key: string, fallback?: number): number {
    const v = this.get(key)?.f;
    if (v === undefined) return fallback ?? this.missing(key);
    return Number(v);
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.get(key)?.b;
    if (v === undefined) return fallback ?? this.missing(key);
    return v;
  }

  string(key: string, fallback?: string): string {
    const v = this.get(key)?.s;
    if (v === undefined) return fallback ?? this.missing(key);
    return decodeString(v);
  }

  ints(key: string, fallback?: number[]): number[] {
    const a = this.get(key);
    if (a === undefined) return fallback ?? this.missing(key);
    return (a.list?.i ?? []).map(Number);
  }

  strings(key: string, fallback?: string[]): string[] {
    const a = this.get(key);
    if (a === undefined) return fallback ?? this.missing(key);
    return (a.list?.s ?? []).map(decodeString);
  }

  dtype(key: string, fallback?: DType): DType {
    const v = this.get(key)?.type;
    if (v === undefined) return fallback ?? this.missing(key);
    return tfDType(v, `node "${this.node.name}"`);
  }

  shape(key: string): number[] | null {
    return tfShape(this.get(key)?.shape);
  }
}
