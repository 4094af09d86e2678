/**
 * StridedSlice as ONNX Slice (+ Squeeze for shrunk axes, + Unsqueeze for new
 * axes). Masked bounds become INT64_MAX/INT64_MIN so the slice stays valid
 * whatever the run-time size of a dynamic dimension.
 */
import { INT64_MAX, INT64_MIN } from '../convert/context.js';
import { planStridedSlice, slicedShape } from './strided-slice-spec.js';
import type { SliceMasks } from './strided-slice-spec.js';
import type { OpHandler, OpNode } from './types.js';

/** Reads the five masks of a StridedSlice node. */
export function sliceMasks(n: OpNode): SliceMasks {
  return {
    begin: n.attrs.int('begin_mask', 0),
    end: n.attrs.int('end_mask', 0),
    ellipsis: n.attrs.int('ellipsis_mask', 0),
    newAxis: n.attrs.int('new_axis_mask', 0),
    shrink: n.attrs.int('shrink_axis_mask', 0),
  };
}

const stridedSlice: OpHandler = (n) => {
  const { cx } = n;
  const x = n.input(0);
  const plan = (() => {
    try {
      return planStridedSlice(x.rank, n.constNumbers(1, 'begin'), n.constNumbers(2, 'end'), n.constNumbers(3, 'strides'), sliceMasks(n));
    } catch (err) {
      return n.fail((err as Error).message);
    }
  })();
  const shape = slicedShape(plan, x.shape);
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const axes: number[] = [];
  const steps: number[] = [];
  const shrunk: number[] = [];
  plan.dims.forEach((s, i) => {
    if (s.shrink) {
      shrunk.push(i);
      starts.push(BigInt(s.begin!));
      ends.push(s.begin === -1 ? INT64_MAX : BigInt(s.begin! + 1));
    } else if (s.begin === undefined && s.end === undefined && s.stride === 1) {
      return;
    } else {
      const fwd = s.stride > 0;
      starts.push(s.begin === undefined ? (fwd ? 0n : INT64_MAX) : BigInt(s.begin));
      ends.push(s.end === undefined ? (fwd ? INT64_MAX : INT64_MIN) : BigInt(s.end));
    }
    axes.push(i);
    steps.push(s.stride);
  });
  let y = cx.ref(x);
  const last = (step: 'slice' | 'squeeze' | 'unsqueeze'): boolean =>
    step === 'unsqueeze' || (step === 'squeeze' ? plan.newAxes.length === 0 : shrunk.length === 0 && plan.newAxes.length === 0);
  if (axes.length > 0) {
    y = cx.emit(
      'Slice',
      [y, cx.int64s(starts, `${n.name}/starts`), cx.int64s(ends, `${n.name}/ends`), cx.int64s(axes, `${n.name}/axes`), cx.int64s(steps, `${n.name}/steps`)],
      { name: last('slice') ? n.out() : `${n.out()}/slice` },
    );
  }
  if (shrunk.length > 0) {
    y = cx.emit('Squeeze', [y, cx.int64s(shrunk, `${n.name}/shrink`)], { name: last('squeeze') ? n.out() : `${n.out()}/squeeze` });
  }
  if (plan.newAxes.length > 0) {
    y = cx.emit('Unsqueeze', [y, cx.int64s(plan.newAxes, `${n.name}/new_axes`)], { name: n.out() });
  }
  return [cx.logical(n.out(), x.dtype, shape, y)];
};

/** Handlers by TF op name. */
export const stridedSliceHandlers: Readonly<Record<string, OpHandler>> = {
  StridedSlice: stridedSlice,
};
