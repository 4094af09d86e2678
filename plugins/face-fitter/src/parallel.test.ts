/**
 * The mesh passes split several faces into two batches started together,
 * which a backend with a helper thread (parallelRuns) runs on two cores.
 * The meshes must not depend on the batch a face was in, nor on the thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type SampleObject, type UnitInstance } from '@facelab/core';
import { createOrtBackend, createSharpCodec, type OrtBackend } from '@facelab/runtime';
import { detectUnit } from '@facelab/face-detector';
import { cropFromBox } from './crop.ts';
import { fitUnit } from './index.ts';
import { createMeshRunner } from './mesh-runner.ts';
import { FACEMESH } from './models.ts';

const photo = readFileSync(join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const codec = createSharpCodec();
const open = () => ImageSource.open(photo, codec, DEFAULT_IMAGE_LIMITS, ['body']);

let plain: OrtBackend;
let faces: SampleObject[];
beforeAll(async () => {
  plain = createOrtBackend({ threads: 1 });
  const detect = await detectUnit().setup({ inference: plain, logger: silentLogger });
  faces = (await detect.run({ image: open(), objects: [], params: {} })).objects;
});

describe('mesh runs in two batches', () => {
  it('give each face the mesh it gets alone, bit for bit', async () => {
    expect(faces.length).toBeGreaterThanOrEqual(3);
    const picture = await open().full();
    const crops = faces.map((f) => cropFromBox(f.bbox!, picture.width, picture.height));
    const run = createMeshRunner(await plain.load(FACEMESH.id), FACEMESH);
    const together = await run(picture, crops);
    for (const [i, crop] of crops.entries()) {
      const alone = await run(picture, [crop]);
      expect(Array.from(together.meshes[i])).toEqual(Array.from(alone.meshes[0]));
      expect(together.scores[i]).toBe(alone.scores[0]);
    }
  });

  it('fit the same points whether or not a helper thread ran some of them', async () => {
    const fitWith = async (inference: OrtBackend): Promise<UnitInstance> => fitUnit().setup({ inference, logger: silentLogger });
    const points = async (fit: UnitInstance) => (await fit.run({ image: open(), objects: faces, params: {} })).objects.map((o) => o.landmarks);
    const expected = await points(await fitWith(plain));
    const parallel = createOrtBackend({ threads: 1, parallelRuns: true });
    const fit = await fitWith(parallel);
    // The helper loads the mesh model with the first offered run; until then this thread runs all.
    for (let round = 0; round < 100 && parallel.helperRuns() === 0; round++) expect(await points(fit)).toEqual(expected);
    expect(parallel.helperRuns()).toBeGreaterThan(0);
    expect(await points(fit)).toEqual(expected);
  });
});
