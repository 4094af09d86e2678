/**
 * The real training pictures as extraction input. Each file is a face crop
 * (a web crop, a CelebA crop, or an annotated box plus 10 %), so the face
 * box handed to the plugin's crop is the whole file; random variations then
 * move, scale and roll that box.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageCodec } from '@facelab/core';
import type { TrainItem } from './data.ts';
import type { Picture } from './extract.ts';

export async function* realPictures(dir: string, items: TrainItem[], codec: ImageCodec): AsyncGenerator<Picture> {
  for (const item of items) {
    const image = await codec.decode(readFileSync(join(dir, item.file)));
    yield {
      meta: { key: item.file, label: item.label, split: item.split, kind: 'real' },
      image,
      box: [0, 0, image.width, image.height],
    };
  }
}
