/** Small valid pictures of every accepted format, from a demo photo, for the fuzz cases to mutate. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FuzzPictures } from './requests.ts';

/** A 24-bit BMP written by hand (sharp writes none). */
function bmp(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + stride * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = ((height - 1 - y) * width + x) * 3;
      const to = 54 + y * stride + x * 3;
      bytes[to] = rgb[from + 2];
      bytes[to + 1] = rgb[from + 1];
      bytes[to + 2] = rgb[from];
    }
  }
  return bytes;
}

export async function fuzzPictures(root: string): Promise<FuzzPictures> {
  const photo = readFileSync(join(root, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'));
  const small = sharp(photo).resize(160);
  const raw = await small.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    jpeg: new Uint8Array(await small.clone().jpeg({ quality: 80 }).toBuffer()),
    png: new Uint8Array(await small.clone().png().toBuffer()),
    webp: new Uint8Array(await small.clone().webp().toBuffer()),
    bmp: bmp(raw.info.width, raw.info.height, new Uint8Array(raw.data)),
  };
}
