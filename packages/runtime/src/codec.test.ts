import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeImage, type ImageCodec, type RawImage } from '@facelab/core';
import { createImageCodec } from './codec.ts';
import { createJimpCodec } from './jimp-codec.ts';
import { createSharpCodec } from './sharp-codec.ts';

const photo = readFileSync(join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'));

/** A 24-bit bottom-up BMP of the given RGB pixels. */
function bmp(image: RawImage): Uint8Array {
  const row = Math.ceil((image.width * 3) / 4) * 4;
  const out = new Uint8Array(54 + row * image.height);
  const view = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  view.setUint32(2, out.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, image.width, true);
  view.setInt32(22, image.height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const s = (y * image.width + x) * 3;
      const d = 54 + (image.height - 1 - y) * row + x * 3;
      out[d] = image.data[s + 2];
      out[d + 1] = image.data[s + 1];
      out[d + 2] = image.data[s];
    }
  }
  return out;
}

function meanAbsDiff(a: RawImage, b: RawImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

describe('image codecs', () => {
  let sharpCodec: ImageCodec;
  let jimpCodec: ImageCodec;
  let reference: RawImage;
  beforeAll(async () => {
    sharpCodec = createSharpCodec();
    jimpCodec = createJimpCodec();
    reference = await sharpCodec.decode(photo);
  });

  it('decodes the demo JPEG to RGB at its full size with both codecs, nearly the same pixels', async () => {
    expect(reference.width).toBe(1920);
    expect(reference.height).toBe(1280);
    expect(reference.data.length).toBe(1920 * 1280 * 3);
    const viaJimp = await jimpCodec.decode(photo);
    expect(viaJimp.width).toBe(1920);
    // Two JPEG decoders differ by IDCT rounding only.
    expect(meanAbsDiff(reference, viaJimp)).toBeLessThan(2);
  });

  it('shrinks on load to the asked largest side', async () => {
    const small = await sharpCodec.decode(photo, { maxSide: 640 });
    expect(Math.max(small.width, small.height)).toBeLessThanOrEqual(640);
    expect(small.width).toBeGreaterThan(600);
    const smallJimp = await jimpCodec.decode(photo, { maxSide: 640 });
    expect(smallJimp.width).toBe(640);
  });

  it('applies EXIF orientation (6 = rotate 90 clockwise) with both codecs', async () => {
    const rotated = await sharp(photo).resize(300).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const header = probeImage(rotated)!;
    expect(header.orientation).toBe(6);
    const a = await sharpCodec.decode(rotated);
    const b = await jimpCodec.decode(rotated);
    expect([a.width, a.height]).toEqual([200, 300]);
    expect([b.width, b.height]).toEqual([200, 300]);
    expect(meanAbsDiff(a, b)).toBeLessThan(4);
  });

  it('reads PNG and WebP through sharp, BMP through jimp behind the same interface', async () => {
    const small = await sharpCodec.decode(photo, { maxSide: 96 });
    const codec = await createImageCodec();
    for (const bytes of [await sharp(photo).resize(96).png().toBuffer(), await sharp(photo).resize(96).webp({ lossless: true }).toBuffer(), bmp(small)]) {
      const out = await codec.decode(new Uint8Array(bytes));
      expect([out.width, out.height]).toEqual([small.width, small.height]);
      expect(meanAbsDiff(out, small)).toBeLessThan(6);
    }
  });
});
