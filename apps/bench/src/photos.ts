/**
 * The bench's fixed photo set: the six face-api demo photos and copies of
 * them resized so the longest side is 640, 1280, 1920 and 4000 px.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export interface BenchPhoto {
  name: string;
  /** Longest side in pixels. */
  side: number;
  bytes: Buffer;
}

export const SIDES = [640, 1280, 1920, 4000] as const;

export function demoPhotoDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
}

export async function loadPhotos(sides: readonly number[] = SIDES): Promise<BenchPhoto[]> {
  const photos: BenchPhoto[] = [];
  for (let i = 1; i <= 6; i++) {
    const original = readFileSync(join(demoPhotoDir(), `sample${i}.jpg`));
    for (const side of sides) {
      const bytes = await sharp(original).resize({ width: side, height: side, fit: 'inside' }).jpeg({ quality: 90 }).toBuffer();
      photos.push({ name: `sample${i}@${side}`, side, bytes });
    }
  }
  return photos;
}
