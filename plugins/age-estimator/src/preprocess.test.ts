import { applyAffine, cropLength, type SampleObject, type TensorLayout } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { cropAffine, cropBatch, faceCrop } from './preprocess.ts';

const GEOMETRY = { scale: 1.4, levelAbove: 10 };
const deg = (d: number): number => (d * Math.PI) / 180;

describe('faceCrop', () => {
  it('centres a square of scale x the larger box side on the box', () => {
    const crop = faceCrop([0.2, 0.1, 0.6, 0.7], 1000, 500, GEOMETRY);
    expect(crop.cx).toBeCloseTo(400);
    expect(crop.cy).toBeCloseTo(200);
    // Box 400 x 300 pixels.
    expect(crop.side).toBeCloseTo(560);
    expect(crop.angle).toBe(0);
  });

  it('levels a face leaning past the training range, in picture pixels', () => {
    // Eyes 100 px apart horizontally and 100 px vertically on a 1000 x 500 picture: 45 degrees.
    const crop = faceCrop([0.2, 0.2, 0.6, 0.8], 1000, 500, GEOMETRY, [[0.3, 0.4], [0.4, 0.6]]);
    expect(crop.angle).toBeCloseTo(deg(45));
    const upsideDown = faceCrop([0.2, 0.2, 0.6, 0.8], 1000, 500, GEOMETRY, [[0.4, 0.4], [0.3, 0.4]]);
    expect(Math.abs(upsideDown.angle)).toBeCloseTo(Math.PI);
  });

  it('leaves a small lean and coincident eye points upright', () => {
    const tan5 = Math.tan(deg(5));
    expect(faceCrop([0.2, 0.2, 0.6, 0.8], 1000, 1000, GEOMETRY, [[0.3, 0.4], [0.5, 0.4 + 0.2 * tan5]]).angle).toBe(0);
    expect(faceCrop([0.2, 0.2, 0.6, 0.8], 1000, 1000, GEOMETRY, [[0.4, 0.4], [0.4001, 0.4]]).angle).toBe(0);
    expect(faceCrop([0.2, 0.2, 0.6, 0.8], 1000, 1000, { scale: 1, levelAbove: 0 }, [[0.3, 0.4], [0.5, 0.4 + 0.2 * tan5]]).angle).toBeCloseTo(deg(5));
  });
});

describe('cropAffine', () => {
  it('maps the crop corners onto the rotated square and mirrors left-right', () => {
    const crop = { cx: 100, cy: 50, side: 40, angle: deg(90) };
    const m = cropAffine(crop, 20);
    // With the crop's x axis along the picture's y axis, output (0, 0) sits at centre + (half, -half).
    const [x0, y0] = applyAffine(m, 0, 0);
    expect(x0).toBeCloseTo(120);
    expect(y0).toBeCloseTo(30);
    const mirrored = cropAffine(crop, 20, true);
    const [mx, my] = applyAffine(mirrored, 20, 0);
    expect(mx).toBeCloseTo(x0);
    expect(my).toBeCloseTo(y0);
  });
});

describe('cropBatch', () => {
  it('writes the crops, then their mirror images, into one tensor', () => {
    // A 4x2 picture, left half black, right half white.
    const data = new Uint8Array(4 * 2 * 3);
    for (let y = 0; y < 2; y++) for (let x = 2; x < 4; x++) data.fill(255, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    const layout: TensorLayout = { width: 2, height: 2, layout: 'nhwc', channels: 'gray', mean: [0], std: [255] };
    const crop = { cx: 2, cy: 1, side: 2, angle: 0 };
    const { data: out, count } = cropBatch({ width: 4, height: 2, data }, [crop], layout, true);
    expect(count).toBe(2);
    expect(out.length).toBe(2 * cropLength(layout));
    expect(Array.from(out.subarray(0, 4)).map((v) => Math.round(v * 100) / 100)).toEqual([0, 1, 0, 1]);
    expect(Array.from(out.subarray(4, 8)).map((v) => Math.round(v * 100) / 100)).toEqual([1, 0, 1, 0]);
  });
});
