/**
 * Resolves a TF StridedSlice (begin/end/strides with begin, end, ellipsis,
 * new-axis and shrink-axis masks) into a per-input-dimension plan, following
 * TF's sparse-to-dense spec rules. Shared by the ONNX emitter and the
 * constant folder.
 */

/** What happens to one input dimension. */
export interface DimSlice {
  /** Begin as given (may be negative), or undefined for "from the start" (masked). */
  readonly begin: number | undefined;
  /** End as given, or undefined for "to the end" (masked). */
  readonly end: number | undefined;
  readonly stride: number;
  /** Take one element and drop the dimension. */
  readonly shrink: boolean;
}

/** The resolved slice. */
export interface SlicePlan {
  /** One entry per input dimension. */
  readonly dims: readonly DimSlice[];
  /** Positions of inserted size-1 axes in the final output. */
  readonly newAxes: readonly number[];
}

/** Masks of a StridedSlice node. */
export interface SliceMasks {
  readonly begin: number;
  readonly end: number;
  readonly ellipsis: number;
  readonly newAxis: number;
  readonly shrink: number;
}

const bit = (mask: number, i: number): boolean => ((mask >> i) & 1) === 1;

/** Builds the plan for an input of rank `rank`. */
export function planStridedSlice(
  rank: number,
  begin: readonly number[],
  end: readonly number[],
  strides: readonly number[],
  masks: SliceMasks,
): SlicePlan {
  const sparse = begin.length;
  if (end.length !== sparse || strides.length !== sparse) throw new Error('begin, end and strides must have the same length');
  let ellipsisAt = -1;
  for (let i = 0; i < sparse; i++) if (bit(masks.ellipsis, i)) {
    if (ellipsisAt >= 0) throw new Error('only one ellipsis is allowed');
    ellipsisAt = i;
  }
  const full: DimSlice = { begin: undefined, end: undefined, stride: 1, shrink: false };
  const dims: DimSlice[] = [];
  const newAxes: number[] = [];
  let outPos = 0;
  // Without an ellipsis, TF acts as if one followed the last sparse entry.
  const entries = ellipsisAt >= 0 ? sparse : sparse + 1;
  const realEntries = (from: number): number => {
    let k = 0;
    for (let j = from; j < sparse; j++) if (!bit(masks.newAxis, j) && !(ellipsisAt === j)) k++;
    return k;
  };
  for (let i = 0; i < entries; i++) {
    const isEllipsis = i === sparse || i === ellipsisAt;
    if (isEllipsis) {
      const covered = rank - dims.length - realEntries(i + 1);
      if (covered < 0) throw new Error(`slice has more entries than the input has dims (${rank})`);
      for (let k = 0; k < covered; k++) {
        dims.push(full);
        outPos++;
      }
      continue;
    }
    if (bit(masks.newAxis, i)) {
      newAxes.push(outPos++);
      continue;
    }
    const stride = strides[i]!;
    if (stride === 0) throw new Error('stride 0 is not allowed');
    const shrink = bit(masks.shrink, i);
    dims.push({
      begin: !shrink && bit(masks.begin, i) ? undefined : begin[i]!,
      end: shrink ? undefined : bit(masks.end, i) ? undefined : end[i]!,
      stride: shrink ? 1 : stride,
      shrink,
    });
    if (!shrink) outPos++;
  }
  if (dims.length !== rank) throw new Error(`slice covers ${dims.length} dims but the input has ${rank}`);
  return { dims, newAxes };
}

/** Canonical [start, size] of one dim of known size `d`. */
export function resolveDim(s: DimSlice, d: number): { readonly start: number; readonly size: number; readonly stride: number } {
  if (s.shrink) {
    const b = s.begin! < 0 ? s.begin! + d : s.begin!;
    if (b < 0 || b >= d) throw new Error(`shrink index ${s.begin} is out of range for size ${d}`);
    return { start: b, size: 1, stride: 1 };
  }
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  const norm = (v: number): number => (v < 0 ? v + d : v);
  const fwd = s.stride > 0;
  const start = s.begin === undefined ? (fwd ? 0 : d - 1) : fwd ? clamp(norm(s.begin), 0, d) : clamp(norm(s.begin), -1, d - 1);
  const stop = s.end === undefined ? (fwd ? d : -1) : fwd ? clamp(norm(s.end), 0, d) : clamp(norm(s.end), -1, d - 1);
  const size = Math.max(0, Math.ceil((stop - start) / s.stride));
  return { start, size, stride: s.stride };
}

/** Output shape of the slice for input `shape` (-1 where unknown). */
export function slicedShape(plan: SlicePlan, shape: readonly number[]): number[] {
  const out: number[] = [];
  plan.dims.forEach((s, i) => {
    if (s.shrink) return;
    const d = shape[i]!;
    out.push(d < 0 ? -1 : resolveDim(s, d).size);
  });
  for (const p of plan.newAxes) out.splice(p, 0, 1);
  return out;
}
