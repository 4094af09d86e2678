/**
 * ResizeBilinear / ResizeNearestNeighbor (NHWC, constant size) as ONNX
 * Resize, and DepthToSpace (NHWC, which is ONNX's DCR order).
 * align_corners maps to `align_corners`, half_pixel_centers to `half_pixel`
 * (for nearest: `tf_half_pixel_for_nn`), neither to `asymmetric`.
 */
import { tensorOf } from '../fold/ndarray.js';
import type { OpHandler } from './types.js';
import { INT64_MAX } from '../convert/context.js';

function resize(mode: 'linear' | 'nearest'): OpHandler {
  return (n) => {
    const { cx } = n;
    const x = n.input(0);
    if (x.rank !== 4) n.fail(`input must be 4-D NHWC, got rank ${x.rank}`);
    const [outH, outW] = n.constNumbers(1, 'size') as [number, number];
    const alignCorners = n.attrs.bool('align_corners', false);
    const halfPixel = n.attrs.bool('half_pixel_centers', false);
    const transform = alignCorners
      ? 'align_corners'
      : halfPixel
        ? mode === 'linear'
          ? 'half_pixel'
          : 'tf_half_pixel_for_nn'
        : 'asymmetric';
    const [, inH, inW] = x.shape as [number, number, number, number];
    const inNchw = x.prefersNchw;
    const input = inNchw ? x.nchw! : cx.ref(x);
    const hAxis = inNchw ? 2 : 1;
    const scales = [1, 1, 1, 1];
    let sizes: string | undefined;
    if (inH > 0 && inW > 0 && outH % inH === 0 && outW % inW === 0) {
      // Integer factors are exact in float, so scales reproduce TF's in/out ratio bit for bit.
      scales[hAxis] = outH / inH;
      scales[hAxis + 1] = outW / inW;
    } else {
      // Sizes: batch and channels from the input at run time, the new H and W from the graph.
      const shape = cx.emit('Shape', [input], { name: `${n.out()}/shape` });
      const keep = (from: number, to: bigint): string =>
        cx.emit('Slice', [shape, cx.int64s([from], `${n.name}/s`), cx.int64s([to], `${n.name}/e`)], { name: `${n.out()}/dims` });
      const hw = cx.int64s([outH, outW], `${n.name}/hw`);
      const parts = inNchw ? [keep(0, 2n), hw] : [keep(0, 1n), hw, keep(3, INT64_MAX)];
      sizes = cx.emit('Concat', parts, { name: `${n.out()}/sizes`, attributes: { axis: 0 } });
    }
    const inputs = [input, '', sizes ? '' : cx.constant(tensorOf('float32', [4], scales), `${n.name}/scales`)];
    if (sizes) inputs.push(sizes);
    const y = cx.emit('Resize', inputs, {
      name: n.out(),
      attributes: {
        mode,
        coordinate_transformation_mode: transform,
        ...(mode === 'nearest' ? { nearest_mode: alignCorners ? 'round_prefer_ceil' : 'floor' } : {}),
      },
    });
    const shape = [x.shape[0]!, outH, outW, x.shape[3]!];
    return [inNchw ? cx.fromNchw(n.out(), x.dtype, shape, y) : cx.logical(n.out(), x.dtype, shape, y)];
  };
}

const depthToSpace: OpHandler = (n) => {
  const x = n.input(0);
  if (n.attrs.string('data_format', 'NHWC') !== 'NHWC') n.fail('only NHWC DepthToSpace is supported');
  const b = n.attrs.int('block_size');
  const c = x.shape[3]!;
  if (c >= 0 && c % (b * b) !== 0) n.fail(`channels ${c} are not divisible by block_size^2 = ${b * b}`);
  const y = n.cx.emit('DepthToSpace', [n.cx.nchw(x)], { name: n.out(), attributes: { blocksize: b, mode: 'DCR' } });
  const scale = (d: number): number => (d < 0 ? -1 : d * b);
  const shape = [x.shape[0]!, scale(x.shape[1]!), scale(x.shape[2]!), c < 0 ? -1 : c / (b * b)];
  return [n.cx.fromNchw(n.out(), x.dtype, shape, y)];
};

/** Handlers by TF op name. */
export const resizeHandlers: Readonly<Record<string, OpHandler>> = {
  ResizeBilinear: resize('linear'),
  ResizeNearestNeighbor: resize('nearest'),
  DepthToSpace: depthToSpace,
};
