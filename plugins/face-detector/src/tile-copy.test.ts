/** The tile fast path gives exactly warpToTensor's floats, on a real photo's tiles, mirrored or not, past the edges too. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { warpToTensor } from '@facelab/core';
import { createSharpCodec } from '@facelab/runtime';
import { BLAZEFACE_BACK } from './models.ts';
import { planWindows, windowAffine } from './preprocess.ts';
import { copyTile, isPixelAligned } from './tile-copy.ts';

const DEMO = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');

describe('copyTile', () => {
  it('matches the bilinear warp float for float on pixel-aligned tiles', async () => {
    const copy = await createSharpCodec().decode(readFileSync(join(DEMO, 'sample2.jpg')), { maxSide: 768 });
    const size = BLAZEFACE_BACK.size;
    const windows = [...planWindows(copy.width, copy.height, 1, size, 0.3), { x: -40, y: copy.height - 200, side: size, level: 1 }];
    const n = size * size * 3;
    for (const window of windows) {
      expect(isPixelAligned(window, size)).toBe(true);
      for (const view of [0, 1]) {
        const fast = new Float32Array(n + 5);
        const slow = new Float32Array(n + 5);
        copyTile(copy, window, view, BLAZEFACE_BACK.tensor, fast, 5);
        warpToTensor(copy, windowAffine(window, size, view), BLAZEFACE_BACK.tensor, slow, 5);
        let differing = 0;
        for (let i = 0; i < fast.length; i++) if (fast[i] !== slow[i]) differing++;
        expect(differing).toBe(0);
      }
    }
  });

  it('leaves windows that are resampled to the warp', () => {
    expect(isPixelAligned({ x: 0, y: -42.5, side: 256, level: 0 }, 256)).toBe(false);
    expect(isPixelAligned({ x: 0, y: 0, side: 320, level: 0 }, 256)).toBe(false);
  });
});
