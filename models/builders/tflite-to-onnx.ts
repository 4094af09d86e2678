/**
 * Rebuilds a float TFLite graph (subgraph 0) as an ONNX graph with the
 * repo's OnnxGraphBuilder. Only the operators the converted models use are
 * supported; anything else throws with the operator code.
 *
 * Layout: 4-D activations are kept NCHW (TFLite is NHWC), so the ONNX input
 * is [N, C, H, W]; a 4-D tensor is transposed back to NHWC before it is
 * flattened so flattened feature order matches TFLite. SAME padding is made
 * explicit from the known shapes (TF puts the odd pixel after). float16
 * constants behind DEQUANTIZE are widened to float32 at build time.
 */
import { floatAttr, OnnxGraphBuilder } from '@facelab/tfjs-to-onnx';
import { floatsOf, intsOf, type TfliteModel, type TfliteOperator, type TfliteTensor } from './tflite-reader.ts';

/** TFLite builtin operator codes (schema.fbs BuiltinOperator). */
const OP = {
  ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEQUANTIZE: 6, FULLY_CONNECTED: 9, MAX_POOL_2D: 17, MUL: 18,
  RESHAPE: 22, SUB: 41, STRIDED_SLICE: 45, CAST: 53, LESS: 58, GREATER_EQUAL: 62, LEAKY_RELU: 98,
} as const;

/** ActivationFunctionType: NONE, RELU, RELU_N1_TO_1, RELU6. */
const ACTIVATIONS = ['', 'Relu', 'Clip11', 'Relu6'] as const;

export interface TfliteToOnnxOptions {
  readonly graphName: string;
  /** ONNX names of the graph outputs, in TFLite output order. */
  readonly outputNames: readonly string[];
  readonly inputName?: string;
  readonly producerName?: string;
  readonly docString?: string;
}

interface Value {
  readonly name: string;
  /** Rank-4 activations are NCHW in the ONNX graph. */
  readonly nchw: boolean;
}

/** SAME padding [before, after] of one axis. */
function samePad(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Converts the model; returns ONNX bytes (opset 17). */
export function tfliteToOnnx(model: TfliteModel, options: TfliteToOnnxOptions): Uint8Array {
  const g = new OnnxGraphBuilder(options.graphName);
  const values = new Map<number, Value>();
  const constants = new Map<number, Float32Array>();
  const tensor = (i: number): TfliteTensor => {
    const t = model.tensors[i];
    if (!t) throw new Error(`TFLite: tensor ${i} is missing`);
    return t;
  };
  const constOf = (i: number): Float32Array => constants.get(i) ?? floatsOf(tensor(i));
  const isConst = (i: number): boolean => constants.has(i) || tensor(i).data.length > 0;
  /** The ONNX name of an input: an activation, or a constant added as an initializer (same shape as TFLite). */
  const use = (i: number): Value => {
    const v = values.get(i);
    if (v) return v;
    if (!isConst(i)) throw new Error(`TFLite: tensor "${tensor(i).name}" is used before it is produced`);
    const t = tensor(i);
    const name = g.addInitializer(t.name || `const${i}`, { dtype: 'float32', shape: [...t.shape], data: constOf(i) });
    const value = { name, nchw: false };
    values.set(i, value);
    return value;
  };
  const outputNameOf = (i: number): string => {
    const k = model.outputs.indexOf(i);
    return k >= 0 ? options.outputNames[k]! : '?';
  };
  const activation = (x: string, fused: number, i: number, name: string): string => {
    const act = ACTIVATIONS[fused];
    if (act === undefined || act === 'Clip11') throw new Error(`TFLite: fused activation ${fused} is not supported`);
    if (!act) return x;
    const min = g.addInitializer(`${name}/min`, { dtype: 'float32', shape: [], data: Float32Array.of(0) });
    const inputs = act === 'Relu' ? [x] : [x, min, g.addInitializer(`${name}/max`, { dtype: 'float32', shape: [], data: Float32Array.of(6) })];
    return g.addNode(act === 'Relu' ? 'Relu' : 'Clip', inputs, { name: `${name}/act`, outputs: [outputNameOf(i)] })[0]!;
  };
  /** Emits a node whose output is TFLite tensor `out`, with an optional fused activation. */
  const emit = (op: string, inputs: string[], out: number, nchw: boolean, attributes = {}, fused = 0): void => {
    const name = tensor(out).name || `${op}${out}`;
    const [y] = g.addNode(op, inputs, { name, attributes, outputs: [fused ? '?' : outputNameOf(out)] });
    values.set(out, { name: activation(y!, fused, out, name), nchw });
  };
  /** A 2-D view of an activation, flattened in TFLite's NHWC order. */
  const flat = (v: Value, name: string): string => {
    const x = v.nchw ? g.addNode('Transpose', [v.name], { name: `${name}/nhwc`, attributes: { perm: [0, 2, 3, 1] } })[0]! : v.name;
    return g.addNode('Flatten', [x], { name: `${name}/flatten`, attributes: { axis: 1 } })[0]!;
  };

  const [inputIndex] = model.inputs;
  const input = tensor(inputIndex!);
  if (input.shape.length !== 4) throw new Error('TFLite: only one NHWC image input is supported');
  const [, h, w, c] = input.shape as [number, number, number, number];
  values.set(inputIndex!, { name: g.addInput(options.inputName ?? 'input', 'float32', ['N', c, h, w]), nchw: true });

  for (const op of model.operators) convert(op);

  function convert(op: TfliteOperator): void {
    const [a, b, bias] = op.inputs;
    const out = op.outputs[0]!;
    const o = op.options;
    switch (op.code) {
      case OP.DEQUANTIZE:
        constants.set(out, floatsOf(tensor(a!)));
        return;
      case OP.CONV_2D: {
        const [cout, kh, kw, cin] = tensor(b!).shape as [number, number, number, number];
        const src = constOf(b!);
        const weights = new Float32Array(src.length);
        for (let oc = 0; oc < cout; oc++)
          for (let y = 0; y < kh; y++)
            for (let x = 0; x < kw; x++)
              for (let ic = 0; ic < cin; ic++) weights[((oc * cin + ic) * kh + y) * kw + x] = src[((oc * kh + y) * kw + x) * cin + ic]!;
        const name = tensor(out).name;
        const inputs = [use(a!).name, g.addInitializer(`${name}/W`, { dtype: 'float32', shape: [cout, cin, kh, kw], data: weights })];
        if (bias !== undefined && bias >= 0) inputs.push(g.addInitializer(`${name}/B`, { dtype: 'float32', shape: [cout], data: constOf(bias) }));
        const [sh, sw] = [o.int32(2, 1), o.int32(1, 1)];
        if (o.int32(4, 1) !== 1 || o.int32(5, 1) !== 1) throw new Error('TFLite: dilated CONV_2D is not supported');
        const [, ih, iw] = tensor(a!).shape as [number, number, number, number];
        const [pt, pb] = o.int8(0) === 0 ? samePad(ih, kh, sh) : [0, 0];
        const [pl, pr] = o.int8(0) === 0 ? samePad(iw, kw, sw) : [0, 0];
        emit('Conv', inputs, out, true, { kernel_shape: [kh, kw], strides: [sh, sw], pads: [pt, pl, pb, pr] }, o.int8(3));
        return;
      }
      case OP.MAX_POOL_2D:
      case OP.AVERAGE_POOL_2D: {
        const [sh, sw, fw, fh] = [o.int32(2), o.int32(1), o.int32(3), o.int32(4)];
        const [, ih, iw] = tensor(a!).shape as [number, number, number, number];
        const [pt, pb] = o.int8(0) === 0 ? samePad(ih, fh, sh) : [0, 0];
        const [pl, pr] = o.int8(0) === 0 ? samePad(iw, fw, sw) : [0, 0];
        // TF's SAME average pool divides by the pixels inside the picture (ONNX count_include_pad = 0).
        emit(op.code === OP.MAX_POOL_2D ? 'MaxPool' : 'AveragePool', [use(a!).name], out, true,
          { kernel_shape: [fh, fw], strides: [sh, sw], pads: [pt, pl, pb, pr] }, o.int8(5));
        return;
      }
      case OP.LEAKY_RELU:
        emit('LeakyRelu', [use(a!).name], out, use(a!).nchw, { alpha: floatAttr(o.float32(0)) });
        return;
      case OP.ADD:
      case OP.SUB:
      case OP.MUL: {
        const [x, y] = [use(a!), use(b!)];
        if (x.nchw !== y.nchw && tensor(a!).shape.length === 4 && tensor(b!).shape.length === 4) throw new Error('TFLite: mixed layouts in a binary op');
        emit(op.code === OP.ADD ? 'Add' : op.code === OP.SUB ? 'Sub' : 'Mul', [x.name, y.name], out, x.nchw || y.nchw, {}, o.int8(0));
        return;
      }
      case OP.RESHAPE: {
        const shape = tensor(out).shape;
        if (shape.length !== 2) throw new Error('TFLite: only RESHAPE to 2-D (flatten) is supported');
        values.set(out, { name: flat(use(a!), tensor(out).name), nchw: false });
        return;
      }
      case OP.STRIDED_SLICE: {
        const [begin, end, strides] = op.inputs.slice(1).map((i) => intsOf(tensor(i)));
        const full = (o.int32(0) === (1 << tensor(a!).shape.length) - 1 || begin!.every((v) => v === 0))
          && o.int32(1) === (1 << tensor(a!).shape.length) - 1 && strides!.every((s) => s === 1) && end!.length === tensor(a!).shape.length;
        if (!full || o.int32(4) !== 0 || o.int32(3) !== 0) throw new Error('TFLite: only a whole-tensor STRIDED_SLICE is supported');
        values.set(out, use(a!));
        return;
      }
      case OP.FULLY_CONNECTED: {
        const x = tensor(a!).shape.length === 2 ? use(a!).name : flat(use(a!), tensor(out).name);
        const [units, depth] = tensor(b!).shape as [number, number];
        const name = tensor(out).name;
        const inputs = [x, g.addInitializer(`${name}/W`, { dtype: 'float32', shape: [units, depth], data: constOf(b!) })];
        if (bias !== undefined && bias >= 0) inputs.push(g.addInitializer(`${name}/B`, { dtype: 'float32', shape: [units], data: constOf(bias) }));
        emit('Gemm', inputs, out, false, { transB: 1 }, o.int8(0));
        return;
      }
      case OP.GREATER_EQUAL:
      case OP.LESS:
        g.addNode(op.code === OP.LESS ? 'Less' : 'GreaterOrEqual', [use(a!).name, use(b!).name], { name: tensor(out).name, outputs: [tensor(out).name] });
        values.set(out, { name: tensor(out).name, nchw: false });
        return;
      case OP.CAST:
        if (tensor(out).type !== 'float32') throw new Error('TFLite: only CAST to float32 is supported');
        emit('Cast', [use(a!).name], out, use(a!).nchw, { to: 1 });
        return;
      case OP.CONCATENATION: {
        const parts = op.inputs.map(use);
        const rank = tensor(out).shape.length;
        let axis = o.int32(0);
        if (axis < 0) axis += rank;
        if (rank === 4 && parts[0]!.nchw) axis = [0, 2, 3, 1][axis]!;
        emit('Concat', parts.map((p) => p.name), out, rank === 4 && parts[0]!.nchw, { axis }, o.int8(1));
        return;
      }
      default:
        throw new Error(`TFLite: operator ${op.code}${op.customCode ? ` (${op.customCode})` : ''} is not supported`);
    }
  }

  model.outputs.forEach((i, k) => {
    const v = values.get(i);
    if (!v || v.name !== options.outputNames[k]) throw new Error(`TFLite: output "${tensor(i).name}" was not produced as ${options.outputNames[k]}`);
    g.addOutput(v.name, 'float32', ['N', ...tensor(i).shape.slice(1)]);
  });
  return g.serialize({ producerName: options.producerName ?? 'facelab/models/builders/tflite-to-onnx', ...(options.docString ? { docString: options.docString } : {}) });
}
