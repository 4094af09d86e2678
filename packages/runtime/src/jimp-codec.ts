/**
 * The portable image codec (pure JavaScript, jimp): for runtimes where
 * sharp's native library cannot load. Slower, same output.
 */
import { Jimp } from 'jimp';
import type { DecodeOptions, ImageCodec, RawImage } from '@facelab/core';

export function createJimpCodec(): ImageCodec {
  return {
    name: 'jimp',
    async decode(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawImage> {
      const image = await Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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
