/**
 * The models package on this repository: each plugin's package.json lists
 * the models its units load, the installed plugins are found in
 * node_modules, and buildModels writes a folder the runtime's ModelStore
 * reads (a converted model and a trained head, both checked by sha256).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelStore } from '@facelab/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { allPlugins } from '../../../apps/server/src/plugins.ts';
import { buildModels, packageManifest } from './build.ts';
import { installedPlugins, neededModels } from './installed.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'facelab-models-pkg-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('@facelab/models', () => {
  it("lists in each plugin's package.json exactly the models its units load, all in the manifest", () => {
    const manifest = packageManifest();
    for (const plugin of allPlugins()) {
      const pkg = JSON.parse(readFileSync(join(root, 'plugins', plugin.name, 'package.json'), 'utf8')) as { facelab: { models: string[] } };
      const used = [...new Set(plugin.units.flatMap((u) => u.models))].sort();
      expect([plugin.name, [...pkg.facelab.models].sort()]).toEqual([plugin.name, used]);
      for (const id of pkg.facelab.models) expect(manifest[id], id).toBeDefined();
    }
  });

  it('finds the installed plugins and the models they need', () => {
    const plugins = installedPlugins(root);
    expect(plugins.map((p) => p.package)).toEqual(expect.arrayContaining(['@facelab/face-detector', '@facelab/age-estimator', '@facelab/mask-estimator']));
    expect(plugins.some((p) => p.package === '@facelab/core')).toBe(false);
    expect(neededModels(plugins.filter((p) => ['@facelab/face-detector', '@facelab/face-fitter'].includes(p.package)))).toEqual(['blazeface-back', 'facemesh', 'fr-detect']);
  });

  it('builds a converted model and a trained head into a folder ModelStore reads, and rebuilds a corrupt file', async () => {
    const events: string[] = [];
    const dir = join(out, 'models');
    const first = await buildModels({ appDir: root, modelsDir: dir, ids: ['emotion', 'mask-head'], onProgress: (e) => events.push(`${e.kind} ${e.id}`) });
    expect(first.built).toEqual(['emotion', 'mask-head']);
    expect(events).toEqual(['start emotion', 'done emotion', 'start mask-head', 'done mask-head']);
    const store = new ModelStore(dir);
    expect(store.read('emotion').length).toBe(packageManifest().emotion!.onnx.bytes);
    expect(store.read('mask-head').length).toBe(packageManifest()['mask-head']!.onnx.bytes);
    const again = await buildModels({ appDir: root, modelsDir: dir, ids: ['emotion', 'mask-head'] });
    expect(again.verified).toEqual(['emotion', 'mask-head']);
    writeFileSync(join(dir, 'build', 'emotion.onnx'), 'not a model');
    await expect(buildModels({ appDir: root, modelsDir: dir, ids: ['emotion'] })).rejects.toThrow(/emotion\.onnx has sha256 .*Delete .*npx facelab-models/);
    await expect(buildModels({ appDir: root, modelsDir: dir, ids: ['nope'] })).rejects.toThrow(/unknown model id\(s\): nope/);
  });
});
