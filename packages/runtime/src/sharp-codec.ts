/**
 * The fast image codec (libvips through sharp): EXIF orientation applied,
 * JPEG shrink-on-load when a smaller copy is asked for, always 3-channel
 * sRGB out. About 20 times faster than jimp on camera JPEGs here.
 */
import sharp from 'sharp';
import type { DecodeOptions, ImageCodec, RawImage } from '@facelab/core';

export function createSharpCodec(): ImageCodec {
  return {
    name: 'sharp',
    async decode(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawImage> {
      let pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: false }).rotate();
      if (options.maxSide) pipeline = pipeline.resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true });
      const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`sharp returned ${info.channels} channels`);
      return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}
