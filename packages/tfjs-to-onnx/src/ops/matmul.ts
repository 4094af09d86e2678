/**
 * MatMul and _FusedMatMul (2-D, transpose_a/transpose_b, fused BiasAdd and
 * activation) as ONNX Gemm; BatchMatMul/BatchMatMulV2 as ONNX MatMul.
 */
import { applyActivation } from './activation.js';
import type { OpHandler } from './types.js';

const matMul: OpHandler = (n) => {
  const { cx } = n;
  const a = n.input(0);
  const b = n.input(1);
  if (a.rank !== 2 || b.rank !== 2) n.fail(`expects 2-D operands, got ranks ${a.rank} and ${b.rank}`);
  const transA = n.attrs.bool('transpose_a', false);
  const transB = n.attrs.bool('transpose_b', false);
  const fused = n.op === '_FusedMatMul' ? n.attrs.strings('fused_ops', []) : [];
  if (fused.length > 0 && fused[0] !== 'BiasAdd') n.fail(`fused_ops [${fused.join(',')}] is not supported (expected BiasAdd first)`);
  if (fused.length > 2) n.fail(`fused_ops [${fused.join(',')}] has more than one activation`);
  const inputs = [cx.ref(a), cx.ref(b)];
  if (fused[0] === 'BiasAdd') inputs.push(cx.ref(n.input(2)));
  const act = fused[1];
  let y = cx.emit('Gemm', inputs, {
    name: act ? `${n.out()}/gemm` : n.out(),
    attributes: { transA: transA ? 1 : 0, transB: transB ? 1 : 0 },
  });
  if (act) {
    y = applyActivation(cx, act, y, 'logical', n.out(), {
      where: `node "${n.name}"`,
      ...(act === 'Prelu' ? { alpha: n.input(3) } : {}),
      leakyAlpha: n.attrs.float('leakyrelu_alpha', 0.2),
    });
  }
  const shape = [transA ? a.shape[1]! : a.shape[0]!, transB ? b.shape[0]! : b.shape[1]!];
  return [cx.logical(n.out(), a.dtype, shape, y)];
};

const batchMatMul: OpHandler = (n) => {
  const { cx } = n;
  const operand = (i: number, adjKey: string): { name: string; shape: number[] } => {
    const v = n.input(i);
    if (v.rank < 2) n.fail(`operand ${i} must have rank >= 2`);
    if (!n.attrs.bool(adjKey, false)) return { name: cx.ref(v), shape: v.shape };
    const perm = [...v.shape.keys()];
    [perm[v.rank - 2], perm[v.rank - 1]] = [perm[v.rank - 1]!, perm[v.rank - 2]!];
    const name = cx.emit('Transpose', [cx.ref(v)], { name: `${n.out()}/adj${i}`, attributes: { perm } });
    return { name, shape: perm.map((p) => v.shape[p]!) };
  };
  const a = operand(0, 'adj_x');
  const b = operand(1, 'adj_y');
  const batch = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  const shape = [...batch, a.shape[a.shape.length - 2]!, b.shape[b.shape.length - 1]!];
  return [cx.logical(n.out(), n.input(0).dtype, shape, cx.emit('MatMul', [a.name, b.name], { name: n.out() }))];
};

/** Handlers by TF op name. */
export const matmulHandlers: Readonly<Record<string, OpHandler>> = {
  MatMul: matMul,
  _FusedMatMul: matMul,
  BatchMatMul: batchMatMul,
  BatchMatMulV2: batchMatMul,
};
