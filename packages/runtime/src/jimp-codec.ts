/**
 * The portable image codec (pure JavaScript, jimp): for runtimes where
 * sharp's native library cannot load, and edge runtimes (no Node APIs;
 * exported alone as @facelab/runtime/jimp). Slower, same output.
 */
import { Jimp } from 'jimp';
import type { DecodeOptions, ImageCodec, RawImage } from '@facelab/core';

export function createJimpCodec(): ImageCodec {
  return {
    name: 'jimp',
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
