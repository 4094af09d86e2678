/**
 * The portable image codec (pure JavaScript, jimp): for runtimes where
 * sharp's native library cannot load, and edge runtimes (no Node APIs;
 * exported alone as @facelab/runtime/jimp). Slower, same output.
 */
import { Jimp } from 'jimp';
import type { DecodeOptions, ImageCodec, RawImage } from '@facelab/core';

/**
 * jimp decodes the whole picture into RGBA in JavaScript: about 4096 x 4096
 * pixels already take seconds and 64 MB, so larger pictures are refused
 * from their header (a compressed BMP of a few hundred bytes can declare
 * 7000 x 7000).
 */
export const JIMP_MAX_PIXELS = 4096 * 4096;

export function createJimpCodec(): ImageCodec {
  return {
    name: 'jimp',
    maxPixels: { jpeg: JIMP_MAX_PIXELS, png: JIMP_MAX_PIXELS, webp: JIMP_MAX_PIXELS, bmp: JIMP_MAX_PIXELS },
    async decode(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawImage> {
      // An ArrayBuffer rather than a Buffer, so the codec also runs where Node's Buffer does not exist.
      const image = await Jimp.fromBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const { width, height } = image.bitmap;
      if (options.maxSide && Math.max(width, height) > options.maxSide) {
        const scale = options.maxSide / Math.max(width, height);
        image.resize({ w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) });
      }
      const { data, width: w, height: h } = image.bitmap;
      const rgb = new Uint8Array(w * h * 3);
      for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
        rgb[i] = data[j];
        rgb[i + 1] = data[j + 1];
        rgb[i + 2] = data[j + 2];
      }
      return { width: w, height: h, data: rgb };
    },
  };
}
