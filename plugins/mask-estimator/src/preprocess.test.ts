import { applyAffine, type RawImage } from '@facelab/core';
import { describe, expect, it } from 'vitest';
import { FEATURE_LAYOUT } from './models.ts';
import { cropBatch, faceCropAffine, toPixelBox } from './preprocess.ts';

describe('faceCropAffine', () => {
  it('maps the 224 crop onto a square centred on the box, side the mean of width and height', () => {
    const m = faceCropAffine([100, 50, 200, 170]);
    // side (100 + 120) / 2 = 110, centre (150, 110)
    expect(applyAffine(m, 0, 0)).toEqual([95, 55]);
    const [x, y] = applyAffine(m, 224, 224);
    expect(x).toBeCloseTo(205);
    expect(y).toBeCloseTo(165);
  });

  it('mirrors left-right when asked', () => {
    const m = faceCropAffine([100, 50, 200, 170], true);
    const [x0, y0] = applyAffine(m, 0, 0);
    expect(x0).toBeCloseTo(205);
    expect(y0).toBeCloseTo(55);
    expect(applyAffine(m, 224, 0)[0]).toBeCloseTo(95);
  });
});

describe('cropBatch', () => {
  it('writes one BGR, mean-subtracted crop per box at consecutive offsets', () => {
    // Left half red, right half blue.
    const width = 64;
    const height = 32;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data.set(x < 32 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
    }
    const image: RawImage = { width, height, data };
    const out = cropBatch(image, [toPixelBox([0, 0, 0.5, 1], width, height), toPixelBox([0.5, 0, 1, 1], width, height)]);
    const length = FEATURE_LAYOUT.width * FEATURE_LAYOUT.height * 3;
    expect(out.length).toBe(2 * length);
    const centre = (112 * 224 + 112) * 3;
    // Crop 0 is red: B = 0 - 103.939, R = 255 - 123.68.
    expect(out[centre]).toBeCloseTo(-103.939, 3);
    expect(out[centre + 2]).toBeCloseTo(255 - 123.68, 3);
    // Crop 1 is blue.
    expect(out[length + centre]).toBeCloseTo(255 - 103.939, 3);
    expect(out[length + centre + 2]).toBeCloseTo(-123.68, 3);
  });
});
