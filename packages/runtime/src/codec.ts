import type { ImageCodec } from '@facelab/core';
import { createJimpCodec } from './jimp-codec.ts';

/** sharp when its native library loads here, jimp otherwise. */
export async function createImageCodec(prefer: 'sharp' | 'jimp' = 'sharp'): Promise<ImageCodec> {
  if (prefer === 'sharp') {
    try {
      const { createSharpCodec } = await import('./sharp-codec.ts');
      return createSharpCodec();
    } catch {
      // sharp's prebuilt binary is missing for this platform: fall through.
    }
  }
  return createJimpCodec();
}
