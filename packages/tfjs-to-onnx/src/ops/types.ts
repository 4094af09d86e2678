/**
 * The contract of an op handler: it receives one TF node with its input
 * values and returns one {@link Value} per TF output, emitting ONNX nodes
 * through the shared context.
 */
import type { ConversionContext } from '../convert/context.js';
import type { Value } from '../convert/value.js';
import type { Tensor } from '../onnx/types.js';
import type { Attrs } from '../tfjs/attrs.js';
import { tensorName } from '../tfjs/model-json.js';

/** One TF node, as a handler sees it. */
export class OpNode {
  constructor(
    readonly name: string,
    readonly op: string,
    readonly attrs: Attrs,
    /** Data inputs in order (control inputs removed). */
    readonly inputs: readonly Value[],
    readonly cx: ConversionContext,
  ) {}

  /** TF name of output `i`, also used as the ONNX name base. */
  out(i = 0): string {
    return tensorName(this.name, i);
  }

  /** Throws an error naming this node. */
  fail(message: string): never {
    throw new Error(`node "${this.name}" (${this.op}): ${message}`);
  }

  /** Input `i`; fails when absent. */
  input(i: number): Value {
    const v = this.inputs[i];
    if (!v) this.fail(`expected at least ${i + 1} inputs, got ${this.inputs.length}`);
    return v;
  }

  /** The constant value of input `i`; fails when it is only known at run time. */
  constInput(i: number, what: string): Tensor {
    const v = this.input(i);
    if (!v.constant) this.fail(`input ${i} (${what}) must be a constant, got run-time tensor ${v.tfName}`);
    return v.constant;
  }

  /** Input `i` as plain numbers (a constant). */
  constNumbers(i: number, what: string): number[] {
    return Array.from(this.constInput(i, what).data as ArrayLike<number | bigint>, Number);
  }
}

/** Converts one TF node; returns its outputs in order. */
export type OpHandler = (node: OpNode) => Value[];
