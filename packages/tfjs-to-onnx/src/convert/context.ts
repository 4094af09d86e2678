/**
 * The state shared by op handlers while one graph is converted: the ONNX
 * builder, and the helpers that turn a {@link Value} into an ONNX tensor in
 * the layout a node needs (logical NHWC, or NCHW around Conv/Pool), making
 * each transpose or initializer at most once.
 */
import { OnnxGraphBuilder } from '../onnx/builder.js';
import type { AttributeInput } from '../onnx/builder.js';
import type { DType, Tensor } from '../onnx/types.js';
import { reshape, tensorOf, transpose } from '../fold/ndarray.js';
import { Value } from './value.js';
import type { Shape } from './value.js';

/** NHWC -> NCHW permutation. */
export const TO_NCHW = [0, 3, 1, 2] as const;
/** NCHW -> NHWC permutation. */
export const TO_NHWC = [0, 2, 3, 1] as const;

/** Largest int64, used as "to the end" in Slice. */
export const INT64_MAX = 9223372036854775807n;
/** Smallest int64, used as "to before the start" in reverse Slice. */
export const INT64_MIN = -9223372036854775808n;

/** Options of {@link ConversionContext.emit}. */
export interface EmitOptions {
  readonly attributes?: Readonly<Record<string, AttributeInput>>;
  /** Base for the output name (default: the op type). */
  readonly name?: string;
  /** Number of outputs (default 1). */
  readonly outputs?: number;
}

/** Conversion state and layout helpers handed to every op handler. */
export class ConversionContext {
  readonly builder: OnnxGraphBuilder;

  constructor(graphName: string) {
    this.builder = new OnnxGraphBuilder(graphName);
  }

  /** Emits one ONNX node and returns its output names. */
  emitMany(opType: string, inputs: readonly string[], options: EmitOptions = {}): string[] {
    return this.builder.addNode(opType, inputs, {
      outputs: new Array<string>(options.outputs ?? 1).fill('?'),
      name: options.name ?? opType,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    });
  }

  /** Emits one single-output ONNX node and returns the output name. */
  emit(opType: string, inputs: readonly string[], options: EmitOptions = {}): string {
    return this.emitMany(opType, inputs, options)[0]!;
  }

  /** Adds an initializer and returns its name. */
  constant(tensor: Tensor, name: string): string {
    return this.builder.addInitializer(name, tensor);
  }

  /** An int64 1-D initializer (axes, shapes, pads). */
  int64s(values: readonly (number | bigint)[], name: string): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.constant({ dtype: 'int64', shape: [values.length], data }, name);
  }

  /** A scalar initializer of the given type. */
  scalar(value: number, dtype: DType, name: string): string {
    return this.constant(tensorOf(dtype, [], [value]), name);
  }

  /** The ONNX name of `v` in its logical (TF) layout, emitting it if needed. */
  ref(v: Value): string {
    if (v.onnx !== undefined) return v.onnx;
    if (v.constant) {
      v.onnx = this.constant(v.constant, v.tfName);
    } else if (v.nchw !== undefined) {
      v.onnx = this.emit('Transpose', [v.nchw], { attributes: { perm: [...TO_NHWC] }, name: v.tfName });
    } else {
      throw new Error(`internal: value ${v.tfName} has no ONNX form`);
    }
    return v.onnx;
  }

  /** The ONNX name of 4-D `v` laid out as NCHW, emitting a transpose if needed. */
  nchw(v: Value): string {
    if (v.rank !== 4) throw new Error(`internal: ${v.tfName} has rank ${v.rank}, NCHW needs 4`);
    if (v.nchw !== undefined) return v.nchw;
    if (v.constant) {
      v.nchw = this.constant(transpose(v.constant, TO_NCHW), `${v.tfName}/nchw`);
    } else {
      v.nchw = this.emit('Transpose', [this.ref(v)], { attributes: { perm: [...TO_NCHW] }, name: `${v.tfName}/nchw` });
    }
    return v.nchw;
  }

  /**
   * The ONNX name of `v` ready to broadcast against NCHW tensors: constants of
   * rank <= 4 are padded to rank 4 and re-laid-out; scalars stay as they are.
   */
  nchwOperand(v: Value): string {
    if (v.rank === 4) return this.nchw(v);
    if (v.rank === 0) return this.ref(v);
    if (!v.constant) throw new Error(`internal: ${v.tfName} cannot broadcast in NCHW`);
    const padded = reshape(v.constant, [...new Array<number>(4 - v.rank).fill(1), ...v.constant.shape]);
    return this.constant(transpose(padded, TO_NCHW), `${v.tfName}/nchw`);
  }

  /** Whether an elementwise op over `inputs` can run on NCHW data without transposes. */
  canRunNchw(inputs: readonly Value[]): boolean {
    const live = inputs.filter((v) => !v.constant);
    return (
      live.length > 0 &&
      live.every((v) => v.rank === 4 && v.nchw !== undefined) &&
      inputs.every((v) => !v.constant || v.rank <= 4)
    );
  }

  /** A new value produced in the logical layout by ONNX tensor `onnx`. */
  logical(tfName: string, dtype: DType, shape: Shape, onnx: string): Value {
    const v = new Value(tfName, dtype, shape);
    v.onnx = onnx;
    return v;
  }

  /** A new 4-D value produced as NCHW by ONNX tensor `nchw`. */
  fromNchw(tfName: string, dtype: DType, shape: Shape, nchw: string): Value {
    const v = new Value(tfName, dtype, shape);
    v.nchw = nchw;
    return v;
  }
}
