/**
 * A TF tensor during conversion. Its `shape` is always the TF (logical,
 * usually NHWC) shape; the ONNX graph may hold it in its logical layout
 * (`onnx`), as NCHW (`nchw`, 4-D only), or both, each made on demand. A value
 * known at conversion time carries `constant` and becomes an initializer
 * only if an ONNX node reads it.
 */
import type { DType, Tensor } from '../onnx/types.js';

/** Dimensions with -1 for a size unknown until run time. */
export type Shape = number[];

/** One TF tensor being converted. */
export class Value {
  /** ONNX tensor name holding the logical (TF) layout, once made. */
  onnx: string | undefined;
  /** ONNX tensor name holding the NCHW layout of a 4-D NHWC tensor, once made. */
  nchw: string | undefined;

  constructor(
    /** TF tensor name (`node` or `node:k`), used to name what is emitted for it. */
    readonly tfName: string,
    readonly dtype: DType,
    readonly shape: Shape,
    readonly constant?: Tensor,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  /** True when the NCHW form already exists in the graph and the logical one does not (or both exist). */
  get prefersNchw(): boolean {
    return this.nchw !== undefined && this.rank === 4;
  }
}
