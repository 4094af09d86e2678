import { probeImage, type ImageCodec } from '@facelab/core';
import { createJimpCodec } from './jimp-codec.ts';

/**
 * sharp when its native library loads here, jimp otherwise. libvips has no
 * BMP reader, so BMP always goes through jimp.
 */
export async function createImageCodec(prefer: 'sharp' | 'jimp' = 'sharp'): Promise<ImageCodec> {
  const jimp = createJimpCodec();
  if (prefer === 'jimp') return jimp;
  let sharp: ImageCodec;
  try {
    const { createSharpCodec } = await import('./sharp-codec.ts');
    sharp = createSharpCodec();
  } catch {
    // sharp's prebuilt binary is missing for this platform.
    return jimp;
  }
  return {
    name: 'sharp',
    maxPixels: { bmp: jimp.maxPixels?.bmp },
    decode: (bytes, options) => (probeImage(bytes)?.format === 'bmp' ? jimp : sharp).decode(bytes, options),
  };
}
