/**
 * Elementwise ops with NumPy broadcasting (the same rule in TF and ONNX):
 * Add/AddV2/BiasAdd, Sub, Mul, RealDiv, Maximum, Minimum, AddN, and the
 * unary Abs, Neg, Exp, Log, Sqrt, Rsqrt, Square, Reciprocal, Floor.
 * When every run-time input already exists as NCHW the op runs there, with
 * constants re-laid-out, so no transposes are added.
 */
import { broadcastShapes } from '../fold/ndarray.js';
import type { Value } from '../convert/value.js';
import { pointwise } from './activation.js';
import type { OpHandler, OpNode } from './types.js';

/** Emits an n-ary broadcasting op over all inputs of `n`. */
function broadcasting(n: OpNode, onnxOp: string, inputs: readonly Value[]): Value[] {
  const { cx } = n;
  let shape: number[] = [];
  for (const v of inputs) shape = broadcastShapes(shape, v.shape, `node "${n.name}"`);
  const dtype = inputs[0]!.dtype;
  if (shape.length === 4 && cx.canRunNchw(inputs)) {
    const y = cx.emit(onnxOp, inputs.map((v) => cx.nchwOperand(v)), { name: n.out() });
    return [cx.fromNchw(n.out(), dtype, shape, y)];
  }
  return [cx.logical(n.out(), dtype, shape, cx.emit(onnxOp, inputs.map((v) => cx.ref(v)), { name: n.out() }))];
}

function binary(onnxOp: string): OpHandler {
  return (n) => broadcasting(n, onnxOp, [n.input(0), n.input(1)]);
}

/** BiasAdd: adds a 1-D bias along the channel (last) axis. */
const biasAdd: OpHandler = (n) => {
  if (n.attrs.string('data_format', 'NHWC') !== 'NHWC') n.fail('only NHWC BiasAdd is supported');
  return broadcasting(n, 'Add', [n.input(0), n.input(1)]);
};

const addN: OpHandler = (n) => (n.inputs.length === 1 ? [n.input(0)] : broadcasting(n, 'Sum', n.inputs));

function unary(build: (n: OpNode, x: string) => string): OpHandler {
  return (n) => pointwise(n, (x) => build(n, x));
}

function simple(onnxOp: string): OpHandler {
  return unary((n, x) => n.cx.emit(onnxOp, [x], { name: n.out() }));
}

/** Handlers by TF op name. */
export const elementwiseHandlers: Readonly<Record<string, OpHandler>> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: biasAdd,
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Div: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  Pow: binary('Pow'),
  AddN: addN,
  Abs: simple('Abs'),
  Neg: simple('Neg'),
  Exp: simple('Exp'),
  Log: simple('Log'),
  Sqrt: simple('Sqrt'),
  Floor: simple('Floor'),
  Ceil: simple('Ceil'),
  Reciprocal: simple('Reciprocal'),
  Rsqrt: unary((n, x) => n.cx.emit('Reciprocal', [n.cx.emit('Sqrt', [x], { name: `${n.out()}/sqrt` })], { name: n.out() })),
  Square: unary((n, x) => n.cx.emit('Mul', [x, x], { name: n.out() })),
};
