import { describe, expect, it } from 'vitest';
import { warpToTensor, type LandmarkName, type Point, type RawImage } from '@facelab/core';
import { arcfaceAffine, chipAffine, mirrorAffine } from './align.ts';
import { FACEAPI_RESNET34, MOBILEFACENET } from './models.ts';
import { embeddings } from './postprocess.ts';
import { chipBatch } from './preprocess.ts';

/** A 200x160 picture of smooth gradients, so bilinear samples differ everywhere. */
function picture(): RawImage {
  const width = 200;
  const height = 160;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, (x * 3 + y * 5) % 256], (y * width + x) * 3);
  return { width, height, data };
}

describe('chipBatch', () => {
  it('writes each chip and its mirror, the mirror equal to warping through the mirrored map', () => {
    const img = picture();
    const points: Partial<Record<LandmarkName, Point>> = { left_eye: [0.4, 0.4], right_eye: [0.6, 0.42], nose: [0.5, 0.55], mouth_left: [0.43, 0.68], mouth_right: [0.58, 0.69] };
    const object = { extra: {}, landmarks: { fitterType: 'test', points } };
    const batch = chipBatch(img, [{ object, index: 0 }], FACEAPI_RESNET34);
    const n = 3 * 150 * 150;
    expect(batch).toHaveLength(2 * n);
    const m = chipAffine(object, img.width, img.height, 150, 0.25, 0);
    const direct = new Float32Array(n);
    warpToTensor(img, m, FACEAPI_RESNET34.tensor, direct);
    expect(Array.from(batch.subarray(0, n))).toEqual(Array.from(direct));
    warpToTensor(img, mirrorAffine(m, 150), FACEAPI_RESNET34.tensor, direct);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(batch[n + i] - direct[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it('writes every zoom of the MobileFaceNet crop with its mirror, face by face', () => {
    const img = picture();
    const points: Partial<Record<LandmarkName, Point>> = { left_eye: [0.4, 0.4], right_eye: [0.6, 0.42], nose: [0.5, 0.55], mouth_left: [0.43, 0.68], mouth_right: [0.58, 0.69] };
    const shifted: Partial<Record<LandmarkName, Point>> = Object.fromEntries(Object.entries(points).map(([k, p]) => [k, [p[0] + 0.05, p[1] + 0.02]]));
    const objects = [points, shifted].map((p) => ({ extra: {}, landmarks: { fitterType: 'test', points: p } }));
    const zooms = [1, 0.9, 1.1];
    const batch = chipBatch(img, objects.map((object, index) => ({ object, index })), { ...MOBILEFACENET, zooms });
    const n = 3 * 112 * 112;
    expect(batch).toHaveLength(2 * 2 * zooms.length * n);
    const direct = new Float32Array(n);
    objects.forEach((object, f) => {
      zooms.forEach((zoom, k) => {
        warpToTensor(img, arcfaceAffine(object, img.width, img.height, 112, f, zoom), MOBILEFACENET.tensor, direct);
        const at = 2 * (f * zooms.length + k) * n;
        expect(Array.from(batch.subarray(at, at + n))).toEqual(Array.from(direct));
        // The mirror: each row reversed.
        expect(batch[at + n + 5 * 112]).toBe(batch[at + 5 * 112 + 111]);
      });
    });
  });
});

describe('embeddings', () => {
  it('averages the unit descriptors of each face\'s views and normalises the mean', () => {
    // Two faces of three views of 2-d descriptors; the scale of a raw descriptor does not matter.
    const raw = Float32Array.from([3, 0, 0, 5, 0, 0.5, /* face 2 */ 1, 1, 2, 2, -4, 4]);
    const [a, b] = embeddings(raw, 2, 2, 3);
    expect(a[0]).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect(a[1]).toBeCloseTo(2 / Math.sqrt(5), 6);
    const s = Math.SQRT1_2;
    const m = [s + s - s, s + s + s];
    expect(b[0]).toBeCloseTo(m[0] / Math.hypot(...m), 6);
    expect(b[1]).toBeCloseTo(m[1] / Math.hypot(...m), 6);
  });
});
