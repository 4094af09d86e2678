/**
 * Test harness: builds small TF.js graph models in memory (Placeholders,
 * Consts and a few op nodes) and checks that the converted ONNX model gives
 * the same outputs as TF.js. Test-only; not exported by the package.
 */
import { convertTfjsModel } from '../convert/convert.js';
import type { ConvertOptions } from '../convert/convert.js';
import type { ModelJson, TfAttrValue, TfjsModel, TfNode, WeightEntry } from '../tfjs/model-json.js';
import { errors, randomArray, runOnnx, runTfjs, tfjsGraphModel } from './reference.js';
import type { Array32 } from './reference.js';

/** AttrValue shorthands. */
export const attr = {
  i: (v: number): TfAttrValue => ({ i: String(v) }),
  f: (v: number): TfAttrValue => ({ f: v }),
  b: (v: boolean): TfAttrValue => ({ b: v }),
  s: (v: string): TfAttrValue => ({ s: btoa(v) }),
  ints: (v: readonly number[]): TfAttrValue => ({ list: { i: v.map(String) } }),
  strs: (v: readonly string[]): TfAttrValue => ({ list: { s: v.map((x) => btoa(x)) } }),
  type: (v: string): TfAttrValue => ({ type: v }),
  shape: (dims: readonly number[]): TfAttrValue => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } }),
};

/** A constant of the test graph. */
export interface ConstSpec {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  readonly dtype?: 'float32' | 'int32';
  /** Store quantised, as TF.js converters do. */
  readonly quantization?: WeightEntry['quantization'];
  /** Raw stored bytes (for quantised weights); default: data as float32/int32. */
  readonly stored?: Uint8Array;
}

/** A graph: inputs, constants and op nodes (inputs reference node names). */
export interface OpGraphSpec {
  readonly inputs: Readonly<Record<string, { readonly shape: readonly number[]; readonly dtype?: 'float32' | 'int32' }>>;
  readonly consts?: Readonly<Record<string, ConstSpec>>;
  readonly nodes: readonly { readonly name: string; readonly op: string; readonly inputs: readonly string[]; readonly attrs?: Record<string, TfAttrValue> }[];
}

/** Builds the model.json document and weight bytes of a test graph. */
export function opGraph(spec: OpGraphSpec): TfjsModel {
  const nodes: TfNode[] = [];
  const weights: WeightEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const [name, input] of Object.entries(spec.inputs)) {
    const dtype = input.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
    nodes.push({ name, op: 'Placeholder', attr: { dtype: attr.type(dtype), shape: attr.shape(input.shape) } });
  }
  for (const [name, c] of Object.entries(spec.consts ?? {})) {
    const dtype = c.dtype ?? 'float32';
    nodes.push({ name, op: 'Const', attr: { dtype: attr.type(dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT') } });
    weights.push({ name, shape: [...c.shape], dtype, ...(c.quantization ? { quantization: c.quantization } : {}) });
    const typed = dtype === 'int32' ? Int32Array.from(c.data) : Float32Array.from(c.data);
    chunks.push(c.stored ?? new Uint8Array(typed.buffer));
  }
  for (const n of spec.nodes) nodes.push({ name: n.name, op: n.op, input: [...n.inputs], attr: { T: attr.type('DT_FLOAT'), ...(n.attrs ?? {}) } });
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.length;
  }
  const modelJson: ModelJson = {
    format: 'graph-model',
    generatedBy: 'test',
    convertedBy: 'test',
    modelTopology: { node: nodes, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['weights.bin'], weights }],
  };
  return { modelJson, weightData: [data] };
}

/** Random inputs for a spec's Placeholders (float in [-2, 2), or small ints). */
export function randomFeeds(spec: OpGraphSpec, seed = 7): Record<string, Array32> {
  const feeds: Record<string, Array32> = {};
  let k = seed;
  for (const [name, input] of Object.entries(spec.inputs)) {
    const n = input.shape.reduce((a, b) => a * b, 1);
    const f = randomArray(n, k++, -2, 2);
    feeds[name] = { data: input.dtype === 'int32' ? Int32Array.from(f, (v) => Math.round(v * 10)) : f, shape: input.shape };
  }
  return feeds;
}

/** Result of {@link compareWithTfjs}: per-output errors and both outputs. */
export interface Comparison {
  readonly abs: number;
  readonly rel: number;
  readonly tfjs: Array32[];
  readonly onnx: Array32[];
  /** ONNX node counts by op type. */
  readonly onnxOps: Readonly<Record<string, number>>;
}

/**
 * Converts `spec` (outputs: TF tensor names) and runs TF.js and ONNX on the
 * same feeds; returns the worst errors over all outputs. Shapes must match.
 */
export async function compareWithTfjs(
  spec: OpGraphSpec,
  outputs: readonly string[],
  options: { readonly feeds?: Record<string, Array32>; readonly onnxFeeds?: Record<string, Array32>; readonly convert?: ConvertOptions } = {},
): Promise<Comparison> {
  const model = opGraph(spec);
  const feeds = options.feeds ?? randomFeeds(spec);
  const { onnx, outputs: onnxOutputs, onnxOps } = convertTfjsModel(model, { outputs: [...outputs], dynamicBatch: false, ...options.convert });
  const tfjsOut = await runTfjs(await tfjsGraphModel(model), feeds, outputs);
  const onnxOut = await runOnnx(onnx, options.onnxFeeds ?? feeds, onnxOutputs.map((o) => o.name));
  let abs = 0;
  let rel = 0;
  onnxOut.forEach((o, i) => {
    const t = tfjsOut[i]!;
    if (o.shape.join() !== t.shape.join()) throw new Error(`output ${outputs[i]}: ONNX shape [${o.shape}] vs TF.js [${t.shape}]`);
    const declared = onnxOutputs[i]!.shape;
    if (declared.some((d, j) => typeof d === 'number' && d !== o.shape[j]) || declared.length !== o.shape.length) {
      throw new Error(`output ${outputs[i]}: declared shape [${declared}] but ONNX Runtime produced [${o.shape}]`);
    }
    const e = errors(o.data, t.data);
    abs = Math.max(abs, e.abs);
    rel = Math.max(rel, e.rel);
  });
  return { abs, rel, tfjs: tfjsOut, onnx: onnxOut, onnxOps };
}

/**
 * A one-op graph: Placeholders `inputs`, then constants, feeding node `y`.
 * `order` lists the op's inputs by name (default: inputs then consts).
 */
export function singleOp(
  op: string,
  inputs: OpGraphSpec['inputs'],
  consts: OpGraphSpec['consts'] = {},
  attrs: Record<string, TfAttrValue> = {},
  order?: readonly string[],
): OpGraphSpec {
  return {
    inputs,
    consts,
    nodes: [{ name: 'y', op, inputs: order ?? [...Object.keys(inputs), ...Object.keys(consts)], attrs }],
  };
}
