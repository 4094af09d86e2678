/**
 * Shape arithmetic shared by the op handlers: TF padding rules for
 * convolutions and pools, output sizes, axis normalisation.
 */

/** Padding of one spatial dimension: [before, after]. */
export type Pad2 = readonly [number, number];

/**
 * TF `SAME` padding of one dimension. TF puts the odd pixel at the end
 * (ONNX's SAME_UPPER), e.g. (0,1) for a 3x3 stride-2 conv on an even size.
 */
export function samePadding(inSize: number, kernel: number, stride: number, dilation: number): Pad2 {
  const effective = (kernel - 1) * dilation + 1;
  const outSize = Math.ceil(inSize / stride);
  const total = Math.max((outSize - 1) * stride + effective - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Output size of a conv/pool dimension with explicit padding (-1 stays unknown). */
export function convOutputSize(inSize: number, kernel: number, stride: number, dilation: number, pad: Pad2): number {
  if (inSize < 0) return -1;
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((inSize + pad[0] + pad[1] - effective) / stride) + 1;
}

/** Maps a possibly negative axis into [0, rank). */
export function normalizeAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`${where}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** Product of dims, or -1 when any is unknown. */
export function knownProduct(dims: readonly number[]): number {
  return dims.some((d) => d < 0) ? -1 : dims.reduce((a, b) => a * b, 1);
}

/** Position of NHWC axis `a` in the NCHW layout. */
export function nhwcAxisToNchw(a: number): number {
  return [0, 2, 3, 1][a]!;
}
