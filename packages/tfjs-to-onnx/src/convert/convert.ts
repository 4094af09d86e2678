/**
 * Converts a TF.js graph model to ONNX (opset 17, IR 8): resolves inputs,
 * outputs and cuts, walks the needed nodes in dependency order, folds what
 * is constant and hands the rest to the op handlers.
 */
import { foldConstant } from '../fold/fold.js';
import { encodeModel } from '../onnx/encode.js';
import type { Dim, DType, ValueInfo } from '../onnx/types.js';
import { OP_HANDLERS } from '../ops/index.js';
import { OpNode } from '../ops/types.js';
import { Attrs } from '../tfjs/attrs.js';
import { parseTensorRef, tensorName } from '../tfjs/model-json.js';
import type { TfjsModel } from '../tfjs/model-json.js';
import { decodeWeights } from '../tfjs/weights.js';
import { ConversionContext } from './context.js';
import { canonicalTensor, defaultOutputs, indexNodes, nodesInOrder } from './graph.js';
import { Value } from './value.js';

/** An output to expose: a TF tensor (`node` or `node:k`, internal nodes allowed) and its ONNX name. */
export interface OutputSpec {
  readonly name: string;
  readonly as?: string;
}

/** A graph input: a Placeholder to rename or re-shape, or any other tensor to cut the graph at. */
export interface InputSpec {
  readonly name: string;
  readonly as?: string;
  /** TF-layout shape; -1 for dynamic. Required when cutting at a non-Placeholder. */
  readonly shape?: readonly number[];
  readonly dtype?: DType;
}

/** Options of {@link convertTfjsModel}. */
export interface ConvertOptions {
  /** Outputs in order (default: the signature's outputs, else the graph's sink nodes). */
  readonly outputs?: readonly (string | OutputSpec)[];
  /** Renamed, re-shaped or cut inputs. Placeholders not listed keep their node name. */
  readonly inputs?: readonly InputSpec[];
  /** Make dim 0 of every input dynamic (default true). */
  readonly dynamicBatch?: boolean;
  readonly graphName?: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly producerVersion?: string;
}

/** The converted model and what it exposes. */
export interface ConvertResult {
  readonly onnx: Uint8Array;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** How many nodes of each TF op were converted (constants folded included). */
  readonly tfOps: Readonly<Record<string, number>>;
  /** How many nodes of each ONNX op the model holds. */
  readonly onnxOps: Readonly<Record<string, number>>;
}

function onnxShape(shape: readonly number[], name: string): Dim[] {
  return shape.map((d, i) => (d >= 0 ? d : i === 0 ? 'batch' : `${name}_dim${i}`));
}

/**
 * Converts a TF.js graph model to ONNX bytes.
 *
 * @example
 * const model = await loadTfjsModel('models/faceres.json');
 * const { onnx } = convertTfjsModel(model, {
 *   inputs: [{ name: 'input_1', as: 'input' }],
 *   outputs: [{ name: 'global_pooling/Mean', as: 'descriptor' }, { name: 'gender_pred/Sigmoid', as: 'gender' }],
 * });
 */
export function convertTfjsModel(model: TfjsModel, options: ConvertOptions = {}): ConvertResult {
  const { modelJson } = model;
  const byName = indexNodes(modelJson.modelTopology.node);
  const weights = decodeWeights(modelJson.weightsManifest, model.weightData);
  const outputs = (options.outputs ?? defaultOutputs(modelJson)).map((o) =>
    typeof o === 'string' ? { tensor: canonicalTensor(o), as: o } : { tensor: canonicalTensor(o.name), as: o.as ?? o.name },
  );
  if (outputs.length === 0) throw new Error('no outputs to convert');
  const cutSpecs = new Map((options.inputs ?? []).map((s) => [canonicalTensor(s.name), s]));
  const cuts = new Set([...cutSpecs.keys()].filter((t) => byName.get(parseTensorRef(t).node)?.op !== 'Placeholder'));
  const order = nodesInOrder(byName, outputs.map((o) => o.tensor), cuts);
  const cx = new ConversionContext(options.graphName ?? 'tfjs');
  const values = new Map<string, Value>();
  const dynamicBatch = options.dynamicBatch ?? true;

  // Inputs first, so their names are reserved before any node is emitted.
  const used = new Set(order.map((n) => n.name));
  const inputTensors = [
    ...[...cutSpecs.keys()].filter((t) => cuts.has(t) || used.has(parseTensorRef(t).node)),
    ...order.filter((n) => n.op === 'Placeholder' && !cutSpecs.has(n.name)).map((n) => n.name),
  ];
  const inputInfos: ValueInfo[] = [];
  for (const t of inputTensors) {
    const spec = cutSpecs.get(t);
    const node = byName.get(parseTensorRef(t).node);
    if (!node) throw new Error(`input "${t}" is not a node of the graph`);
    const attrs = new Attrs(node);
    const dtype = spec?.dtype ?? (node.op === 'Placeholder' ? attrs.dtype('dtype') : attrs.dtype('T', 'float32'));
    let shape = spec?.shape ? [...spec.shape] : node.op === 'Placeholder' ? attrs.shape('shape') : null;
    if (!shape) throw new Error(`input "${t}" needs a shape (give one in options.inputs)`);
    if (dynamicBatch && shape.length > 0) shape = [-1, ...shape.slice(1)];
    const name = spec?.as ?? t;
    const dims = onnxShape(shape, name);
    cx.builder.addInput(name, dtype, dims);
    inputInfos.push({ name, dtype, shape: dims });
    const v = new Value(t, dtype, shape);
    v.onnx = name;
    values.set(t, v);
  }
  for (const o of outputs) {
    if (cx.builder.has(o.as)) throw new Error(`output name "${o.as}" is used twice or clashes with an input`);
    cx.builder.reserve(o.as);
  }

  const tfOps: Record<string, number> = {};
  for (const node of order) {
    tfOps[node.op] = (tfOps[node.op] ?? 0) + 1;
    if (values.has(node.name) || node.op === 'NoOp') continue;
    const attrs = new Attrs(node);
    if (node.op === 'Placeholder') throw new Error(`Placeholder "${node.name}" was not registered as an input`);
    if (node.op === 'Const') {
      const tensor = weights.get(node.name);
      if (!tensor) throw new Error(`Const node "${node.name}" has no entry in the weights manifest`);
      values.set(node.name, new Value(node.name, tensor.dtype, [...tensor.shape], tensor));
      continue;
    }
    const inputs = (node.input ?? [])
      .map(parseTensorRef)
      .filter((r) => r.index >= 0)
      .map((r) => {
        const v = values.get(tensorName(r.node, r.index));
        if (!v) throw new Error(`node "${node.name}" (${node.op}): input ${tensorName(r.node, r.index)} was not produced`);
        return v;
      });
    let produced: Value[];
    const folded = inputs.every((v) => v.constant) ? foldConstant(node.op, inputs.map((v) => v.constant!), attrs) : undefined;
    if (folded) {
      produced = folded.map((t, i) => new Value(tensorName(node.name, i), t.dtype, [...t.shape], t));
    } else {
      const handler = OP_HANDLERS[node.op];
      if (!handler) throw new Error(`unsupported op "${node.op}" at node "${node.name}"`);
      produced = handler(new OpNode(node.name, node.op, attrs, inputs, cx));
    }
    produced.forEach((v, i) => values.set(tensorName(node.name, i), v));
  }

  const outputInfos: ValueInfo[] = outputs.map((o) => {
    const v = values.get(o.tensor);
    if (!v) throw new Error(`output "${o.tensor}" was not produced (is the node name right?)`);
    const name = o.as;
    cx.builder.addNode('Identity', [cx.ref(v)], { outputs: [name] });
    const dims = onnxShape(v.shape, name);
    cx.builder.addOutput(name, v.dtype, dims);
    return { name, dtype: v.dtype, shape: dims };
  });
  const onnxModel = cx.builder.toModel({
    ...(options.docString ? { docString: options.docString } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
    ...(options.producerVersion ? { producerVersion: options.producerVersion } : {}),
  });
  const onnxOps: Record<string, number> = {};
  for (const node of onnxModel.nodes) onnxOps[node.opType] = (onnxOps[node.opType] ?? 0) + 1;
  return { onnx: encodeModel(onnxModel), inputs: inputInfos, outputs: outputInfos, tfOps, onnxOps };
}
