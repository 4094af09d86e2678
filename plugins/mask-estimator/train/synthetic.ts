/**
 * Masks drawn onto the unmasked training faces: the project's own `fit`
 * unit (@facelab/face-fitter) gives each face its 468-point mesh, the crop
 * itself being the face box, and draw-mask.ts paints `perFace` random masks
 * from it. The derived pictures keep the source's split, so a face and its
 * masked twin never straddle train and validation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type ImageCodec } from '@facelab/core';
import { fitUnit } from '@facelab/face-fitter';
import type { InferenceBackend } from '@facelab/core';
import type { TrainItem } from './data.ts';
import { drawMask } from './draw-mask.ts';
import type { Picture } from './extract.ts';
import { randomMaskStyle } from './mask-style.ts';
import { createRandom, hashString } from './random.ts';

const MIN_MESH_SCORE = 0.5;

export interface SyntheticStats {
  faces: number;
  fitted: number;
}

export async function* syntheticPictures(dir: string, items: TrainItem[], codec: ImageCodec, inference: InferenceBackend, seed: number, perFace: number, stats: SyntheticStats): AsyncGenerator<Picture> {
  const fitter = await fitUnit().setup({ inference, logger: silentLogger });
  for (const item of items) {
    if (item.label) continue;
    stats.faces++;
    const bytes = readFileSync(join(dir, item.file));
    const source = ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['train', item.file]);
    const { objects } = await fitter.run({ image: source, objects: [{ id: 0, class: 'face', bbox: [0, 0, 1, 1], extra: {} }], params: {} });
    const normalised = objects[0]?.hints?.mesh;
    // A crop the mesh model does not see as a face would get a mask in the wrong place.
    if (!normalised || Number(objects[0].hints?.meshScore ?? 1) < MIN_MESH_SCORE) continue;
    stats.fitted++;
    const image = await source.full();
    const mesh = new Float32Array(normalised.length);
    for (let i = 0; i < mesh.length; i += 3) {
      mesh[i] = normalised[i] * image.width;
      mesh[i + 1] = normalised[i + 1] * image.height;
    }
    const random = createRandom(seed ^ hashString(`mask:${item.file}`));
    for (let k = 0; k < perFace; k++) {
      yield {
        meta: { key: `${item.file}#mask${k}`, label: true, split: item.split, kind: 'synthetic' },
        image: drawMask(image, mesh, 3, randomMaskStyle(random)),
        box: [0, 0, image.width, image.height],
      };
    }
  }
}
