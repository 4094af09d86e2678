/**
 * A small ONNX graph builder: add inputs, initializers, nodes and outputs,
 * then serialise. It is what the TF.js converter writes through, and it is
 * public so a model whose architecture lives in code (face-api's ResNet-34)
 * can be assembled from its weights with the same encoder.
 */
import { encodeModel } from './encode.js';
import type { AttributeValue, Dim, DType, OnnxModel, OnnxNode, Tensor, ValueInfo } from './types.js';

/** Attribute shorthand: numbers become `int`, number arrays `ints`, strings `string`; use {@link floatAttr} for floats. */
export type AttributeInput = number | string | readonly number[] | AttributeValue;

/** Marks a number (or array) as a float attribute instead of an int one. */
export function floatAttr(value: number | readonly number[]): AttributeValue {
  return typeof value === 'number' ? { type: 'float', value } : { type: 'floats', value };
}

function toAttribute(name: string, value: AttributeInput): AttributeValue {
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; wrap floats in floatAttr()`);
    return { type: 'int', value };
  }
  if (Array.isArray(value)) return { type: 'ints', value: value as readonly number[] };
  return value as AttributeValue;
}

/** Options of {@link OnnxGraphBuilder.serialize}. */
export interface SerializeOptions {
  /** ONNX opset of the default domain (17). */
  readonly opset?: number;
  /** IR version (8). */
  readonly irVersion?: number;
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  /** Written as ModelProto.metadata_props, keys sorted. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Builds one ONNX graph.
 *
 * @example
 * const g = new OnnxGraphBuilder('tiny');
 * g.addInput('x', 'float32', ['N', 4]);
 * g.addInitializer('w', { dtype: 'float32', shape: [4, 2], data: new Float32Array(8) });
 * const [y] = g.addNode('MatMul', ['x', 'w'], { outputs: ['y'] });
 * g.addOutput(y!, 'float32', ['N', 2]);
 * const bytes = g.serialize();
 */
export class OnnxGraphBuilder {
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers = new Map<string, Tensor>();
  private readonly nodes: OnnxNode[] = [];
  private readonly used = new Set<string>();
  private readonly reserved = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(readonly graphName = 'graph') {}

  /** Returns `base` if unused, else `base_1`, `base_2`...; reserves the result. */
  uniqueName(base: string): string {
    let name = base;
    let n = this.counters.get(base) ?? 0;
    while (this.used.has(name)) name = `${base}_${++n}`;
    this.counters.set(base, n);
    this.used.add(name);
    return name;
  }

  /** Whether a tensor or node name is already taken. */
  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Reserves a name for a later {@link addNode} output (e.g. a graph output); throws if taken. */
  reserve(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX name "${name}" is already used`);
    this.used.add(name);
    this.reserved.add(name);
  }

  private claim(name: string): string {
    if (this.reserved.delete(name)) return name;
    if (this.used.has(name)) throw new Error(`ONNX name "${name}" is already used`);
    this.used.add(name);
    return name;
  }

  /** Declares a graph input; negative or string dims are dynamic. */
  addInput(name: string, dtype: DType, shape: readonly Dim[]): string {
    this.inputs.push({ name: this.claim(name), dtype, shape });
    return name;
  }

  /** Declares a graph output (the tensor must be produced by a node, an input or an initializer). */
  addOutput(name: string, dtype: DType, shape: readonly Dim[]): void {
    this.outputs.push({ name, dtype, shape });
  }

  /** Adds a constant tensor; returns its name (made unique unless `exact`). */
  addInitializer(name: string, tensor: Tensor, exact = false): string {
    const unique = exact ? this.claim(name) : this.uniqueName(name);
    this.initializers.set(unique, tensor);
    return unique;
  }

  /**
   * Adds a node. Outputs default to one fresh name derived from `name` (or the
   * op type); pass `outputs` to name them, `'?'` entries being generated.
   * Returns the output names.
   */
  addNode(
    opType: string,
    inputs: readonly string[],
    options: {
      readonly outputs?: readonly string[];
      readonly attributes?: Readonly<Record<string, AttributeInput>>;
      readonly name?: string;
      readonly domain?: string;
    } = {},
  ): string[] {
    const base = options.name ?? opType;
    const outputs = (options.outputs ?? ['?']).map((o, i) =>
      o === '?' ? this.uniqueName(i === 0 ? base : `${base}:${i}`) : this.claim(o),
    );
    // Output names are unique, so the first one also names the node.
    const name = outputs[0] ?? this.uniqueName(base);
    const attributes: Record<string, AttributeValue> = {};
    for (const [key, value] of Object.entries(options.attributes ?? {})) attributes[key] = toAttribute(key, value);
    this.nodes.push({ opType, name, inputs, outputs, attributes, ...(options.domain ? { domain: options.domain } : {}) });
    return outputs;
  }

  /** The model as plain data (see {@link encodeModel}). */
  toModel(options: SerializeOptions = {}): OnnxModel {
    const metadata = options.metadata
      ? Object.fromEntries(Object.entries(options.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : undefined;
    return {
      irVersion: options.irVersion ?? 8,
      opset: options.opset ?? 17,
      producerName: options.producerName ?? '@facelab/tfjs-to-onnx',
      producerVersion: options.producerVersion ?? '0',
      graphName: this.graphName,
      ...(options.docString ? { docString: options.docString } : {}),
      inputs: this.inputs,
      outputs: this.outputs,
      initializers: this.initializers,
      nodes: this.nodes,
      ...(metadata ? { metadata } : {}),
    };
  }

  /** Serialises the graph to ONNX protobuf bytes. */
  serialize(options: SerializeOptions = {}): Uint8Array {
    return encodeModel(this.toModel(options));
  }
}
