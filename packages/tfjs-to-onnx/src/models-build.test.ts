/**
 * models/build-model.ts on a throw-away repository: builds a recipe from a
 * fake npm package, reproduces the same sha256, and fails with the file and
 * the fix when a source or a built file does not match the manifest.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../models/build-model.ts';
import type { TfjsRecipe } from '../../../models/recipe-types.ts';
import { attr, opGraph } from './testing/op-graph.js';

const root = mkdtempSync(join(tmpdir(), 'facelab-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pkgDir = join(root, 'node_modules', '@test', 'models');
const model = opGraph({
  inputs: { x: { shape: [1, 4, 4, 3] } },
  consts: { w: { shape: [1, 1, 3, 2], data: [1, 0, 0, 1, 0.5, 0.5] } },
  nodes: [{ name: 'y', op: 'Conv2D', inputs: ['x', 'w'], attrs: { strides: attr.ints([1, 1, 1, 1]), padding: attr.s('VALID') } }],
});
mkdirSync(join(pkgDir, 'models'), { recursive: true });
writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: '@test/models', version: '1.2.3' }));
writeFileSync(join(pkgDir, 'models', 'tiny.json'), JSON.stringify(model.modelJson));
writeFileSync(join(pkgDir, 'models', 'weights.bin'), model.weightData[0]!);

const recipe: TfjsRecipe = {
  kind: 'tfjs',
  id: 'tiny',
  task: 'test',
  source: { package: '@test/models', file: 'models/tiny.json' },
  tensor: { width: 4, height: 4, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] },
  outputs: [{ name: 'y', description: 'conv' }],
  origin: 'test',
  licence: 'MIT',
  facts: [],
};
const opts = { root, rebuild: false, update: false };

describe('models build', () => {
  it('builds, records hashes and shapes, and rebuilds to the same bytes', async () => {
    const first = await buildModel(recipe, undefined, opts);
    expect(first.built).toBe(true);
    expect(first.entry.source).toMatchObject({ package: '@test/models', version: '1.2.3', file: 'models/tiny.json', weights: [{ file: 'models/weights.bin' }] });
    expect(first.entry.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 4, 4, 3] }]);
    expect(first.entry.outputs[0]).toMatchObject({ name: 'y', shape: ['batch', 4, 4, 2], description: 'conv' });
    const again = await buildModel(recipe, first.entry, { ...opts, rebuild: true });
    expect(again.entry.onnx.sha256).toBe(first.entry.onnx.sha256);
    const cached = await buildModel(recipe, first.entry, opts);
    expect(cached.built).toBe(false);
  });

  it('names the file and the fix when a built model does not match the manifest', async () => {
    const { entry } = await buildModel(recipe, undefined, opts);
    const file = join(root, 'models', 'build', 'tiny.onnx');
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from([0])]));
    await expect(buildModel(recipe, entry, opts)).rejects.toThrow(/models\/build\/tiny\.onnx has sha256 .*Delete models\/build\/tiny\.onnx and run "npm run models"/);
    await expect(buildModel(recipe, { ...entry, onnx: { ...entry.onnx, sha256: 'f'.repeat(64) } }, { ...opts, rebuild: true })).rejects.toThrow(/npm run models -- --update/);
  });

  it('names the file and the fix when a source changed or is missing', async () => {
    const { entry } = await buildModel(recipe, undefined, { ...opts, rebuild: true });
    const changed = { ...entry, source: { ...entry.source, sha256: '0'.repeat(64) } };
    await expect(buildModel(recipe, changed, opts)).rejects.toThrow(/@test\/models\/models\/tiny\.json .*npm ci/);
    await expect(buildModel({ ...recipe, source: { ...recipe.source, file: 'models/gone.json' } }, undefined, opts)).rejects.toThrow(
      /node_modules\/@test\/models\/models\/gone\.json is missing from @test\/models@1\.2\.3.*npm ci/,
    );
    await expect(buildModel({ ...recipe, source: { ...recipe.source, package: '@test/absent' } }, undefined, opts)).rejects.toThrow(/@test\/absent is not installed.*npm install/);
  });
});
