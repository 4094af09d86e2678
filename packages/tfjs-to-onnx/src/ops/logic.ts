/**
 * Comparisons (Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual),
 * logical ops (LogicalAnd, LogicalOr, LogicalNot), Select/SelectV2, and the
 * integer-safe FloorDiv and SquaredDifference. Inputs are read in the logical
 * layout; comparisons output bool like TF.
 */
import { broadcastShapes } from '../fold/ndarray.js';
import { ONNX_DATA_TYPE } from '../onnx/types.js';
import type { OpHandler, OpNode } from './types.js';

function shapeOf(n: OpNode, inputs: number[]): number[] {
  return inputs.reduce<number[]>((s, i) => broadcastShapes(s, n.input(i).shape, `node "${n.name}"`), []);
}

function compare(onnxOp: string, negate = false): OpHandler {
  return (n) => {
    const { cx } = n;
    const inputs = [cx.ref(n.input(0)), cx.ref(n.input(1))];
    let y = cx.emit(onnxOp, inputs, { name: negate ? `${n.out()}/eq` : n.out() });
    if (negate) y = cx.emit('Not', [y], { name: n.out() });
    return [cx.logical(n.out(), 'bool', shapeOf(n, [0, 1]), y)];
  };
}

function logical(onnxOp: string, arity: 1 | 2): OpHandler {
  return (n) => {
    const { cx } = n;
    const inputs = Array.from({ length: arity }, (_, i) => cx.ref(n.input(i)));
    return [cx.logical(n.out(), 'bool', shapeOf(n, arity === 1 ? [0] : [0, 1]), cx.emit(onnxOp, inputs, { name: n.out() }))];
  };
}

/**
 * Select and SelectV2 as ONNX Where with broadcasting. TF.js runs Select like
 * SelectV2 (TF's row-picking vector condition is not supported there), and
 * TF.js is what these graphs were made for.
 */
const select: OpHandler = (n) => {
  const { cx } = n;
  const [cond, a, b] = [n.input(0), n.input(1), n.input(2)];
  const y = cx.emit('Where', [cx.ref(cond), cx.ref(a), cx.ref(b)], { name: n.out() });
  return [cx.logical(n.out(), a.dtype, shapeOf(n, [0, 1, 2]), y)];
};

/** FloorDiv: Floor(a / b); integers go through float32, exact while |a| < 2^24. */
const floorDiv: OpHandler = (n) => {
  const { cx } = n;
  const a = n.input(0);
  const b = n.input(1);
  const shape = shapeOf(n, [0, 1]);
  if (a.dtype === 'float32') {
    const q = cx.emit('Div', [cx.ref(a), cx.ref(b)], { name: `${n.out()}/div` });
    return [cx.logical(n.out(), a.dtype, shape, cx.emit('Floor', [q], { name: n.out() }))];
  }
  const f = (v: string, i: number): string => cx.emit('Cast', [v], { name: `${n.out()}/f${i}`, attributes: { to: ONNX_DATA_TYPE.float32 } });
  const q = cx.emit('Floor', [cx.emit('Div', [f(cx.ref(a), 0), f(cx.ref(b), 1)], { name: `${n.out()}/div` })], { name: `${n.out()}/floor` });
  return [cx.logical(n.out(), a.dtype, shape, cx.emit('Cast', [q], { name: n.out(), attributes: { to: ONNX_DATA_TYPE[a.dtype] } }))];
};

const squaredDifference: OpHandler = (n) => {
  const { cx } = n;
  const d = cx.emit('Sub', [cx.ref(n.input(0)), cx.ref(n.input(1))], { name: `${n.out()}/sub` });
  return [cx.logical(n.out(), n.input(0).dtype, shapeOf(n, [0, 1]), cx.emit('Mul', [d, d], { name: n.out() }))];
};

/** Handlers by TF op name. */
export const logicHandlers: Readonly<Record<string, OpHandler>> = {
  Equal: compare('Equal'),
  NotEqual: compare('Equal', true),
  Less: compare('Less'),
  LessEqual: compare('LessOrEqual'),
  Greater: compare('Greater'),
  GreaterEqual: compare('GreaterOrEqual'),
  LogicalAnd: logical('And', 2),
  LogicalOr: logical('Or', 2),
  LogicalNot: logical('Not', 1),
  Select: select,
  SelectV2: select,
  FloorDiv: floorDiv,
  SquaredDifference: squaredDifference,
};
