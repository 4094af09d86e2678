/**
 * Ops that move or relabel data: Identity (and friends), Cast, Shape,
 * Transpose, Pad/PadV2. Transpose composes with the NCHW form of its input,
 * so the NCHW<->NHWC bridges of graphs converted from PyTorch (nanodet)
 * cancel out instead of stacking up.
 */
import { TO_NCHW, TO_NHWC } from '../convert/context.js';
import { tensorOf } from '../fold/ndarray.js';
import { Value } from '../convert/value.js';
import { ONNX_DATA_TYPE } from '../onnx/types.js';
import type { OpHandler } from './types.js';

const identity: OpHandler = (n) => [n.input(0)];

const cast: OpHandler = (n) => {
  const x = n.input(0);
  const to = n.attrs.dtype('DstT');
  if (to === x.dtype) return [x];
  const y = n.cx.emit('Cast', [n.cx.ref(x)], { name: n.out(), attributes: { to: ONNX_DATA_TYPE[to] } });
  return [n.cx.logical(n.out(), to, x.shape, y)];
};

const shape: OpHandler = (n) => {
  const x = n.input(0);
  if (x.shape.every((d) => d >= 0)) return [new Value(n.out(), 'int32', [x.rank], tensorOf('int32', [x.rank], x.shape))];
  const s = n.cx.emit('Shape', [n.cx.ref(x)], { name: `${n.out()}/int64` });
  const y = n.cx.emit('Cast', [s], { name: n.out(), attributes: { to: ONNX_DATA_TYPE.int32 } });
  return [n.cx.logical(n.out(), 'int32', [x.rank], y)];
};

const isIdentity = (p: readonly number[]): boolean => p.every((v, i) => v === i);

const transposeOp: OpHandler = (n) => {
  const { cx } = n;
  const x = n.input(0);
  const perm = n.constNumbers(1, 'perm');
  if (perm.length !== x.rank) n.fail(`perm [${perm}] does not match rank ${x.rank}`);
  const shape = perm.map((p) => x.shape[p]!);
  if (x.rank === 4 && x.nchw !== undefined) {
    // Output axis i is input axis perm[i], which sits at NCHW position TO_NCHW.indexOf(perm[i]).
    const fromNchw = perm.map((p) => TO_NCHW.indexOf(p as 0 | 1 | 2 | 3));
    const out = new Value(n.out(), x.dtype, shape);
    if (isIdentity(fromNchw)) out.onnx = x.nchw;
    // The output's own NCHW form is output axes TO_NCHW[j], i.e. NCHW-of-input axes fromNchw[TO_NCHW[j]].
    const nchwOfOut = TO_NCHW.map((j) => fromNchw[j]!);
    if (isIdentity(nchwOfOut)) out.nchw = x.nchw;
    if (out.onnx === undefined && out.nchw === undefined) {
      out.onnx = cx.emit('Transpose', [x.nchw], { name: n.out(), attributes: { perm: fromNchw } });
    }
    return [out];
  }
  const out = new Value(n.out(), x.dtype, shape);
  if (isIdentity(perm)) out.onnx = cx.ref(x);
  // A 4-D NCHW -> NHWC transpose makes a value whose NCHW form is its input.
  else if (x.rank === 4 && perm.every((p, i) => p === TO_NHWC[i])) out.nchw = cx.ref(x);
  else out.onnx = cx.emit('Transpose', [cx.ref(x)], { name: n.out(), attributes: { perm } });
  return [out];
};

const pad: OpHandler = (n) => {
  const { cx } = n;
  const x = n.input(0);
  const p = n.constNumbers(1, 'paddings');
  if (p.length !== 2 * x.rank) n.fail(`paddings hold ${p.length} values for rank ${x.rank}`);
  const rows = Array.from({ length: x.rank }, (_, i) => [p[2 * i]!, p[2 * i + 1]!] as const);
  if (rows.some(([a, b]) => a < 0 || b < 0)) n.fail('negative paddings are not supported');
  const shape = x.shape.map((d, i) => (d < 0 ? -1 : d + rows[i]![0] + rows[i]![1]));
  const inNchw = x.prefersNchw;
  const ordered = inNchw ? TO_NCHW.map((a) => rows[a]!) : rows;
  const inputs = [inNchw ? x.nchw! : cx.ref(x), cx.int64s([...ordered.map((r) => r[0]), ...ordered.map((r) => r[1])], `${n.name}/pads`)];
  if (n.op === 'PadV2') {
    const c = n.input(2);
    if (!c.constant) n.fail('constant_values must be a constant');
    inputs.push(cx.ref(c));
  }
  const y = cx.emit('Pad', inputs, { name: n.out(), attributes: { mode: 'constant' } });
  return [inNchw ? cx.fromNchw(n.out(), x.dtype, shape, y) : cx.logical(n.out(), x.dtype, shape, y)];
};

/** Handlers by TF op name. */
export const layoutHandlers: Readonly<Record<string, OpHandler>> = {
  Identity: identity,
  StopGradient: identity,
  Snapshot: identity,
  PreventGradient: identity,
  Cast: cast,
  Shape: shape,
  Transpose: transposeOp,
  Pad: pad,
  PadV2: pad,
};
