import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultModelsDir, findModelsDir, ModelStore } from './model-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'facelab-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('where the models are found', () => {
  it("defaults to the user's cache folder on each platform", () => {
    expect(defaultModelsDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/facelab/models');
    expect(defaultModelsDir({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/u')).toBe('/c/facelab/models');
    expect(defaultModelsDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/facelab/models');
    expect(defaultModelsDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\u')).toMatch(/^C:\\L.facelab.models$/);
  });

  it('prefers FACELAB_MODELS_DIR, then models/ above the folder, then the cache; else names the commands', () => {
    const app = join(tmp, 'app', 'src');
    mkdirSync(app, { recursive: true });
    const cacheHome = join(tmp, 'cache');
    const env = { XDG_CACHE_HOME: cacheHome };
    expect(findModelsDir(app, { ...env, FACELAB_MODELS_DIR: '/x/y' })).toBe('/x/y');
    if (process.platform === 'linux') {
      expect(() => findModelsDir(app, env)).toThrow(/No models found.*npx facelab-models/);
      mkdirSync(join(cacheHome, 'facelab', 'models'), { recursive: true });
      writeFileSync(join(cacheHome, 'facelab', 'models', 'manifest.json'), '{"models":{}}');
      expect(findModelsDir(app, env)).toBe(join(cacheHome, 'facelab', 'models'));
    }
    mkdirSync(join(tmp, 'app', 'models'));
    writeFileSync(join(tmp, 'app', 'models', 'manifest.json'), '{"models":{}}');
    expect(findModelsDir(app, env)).toBe(join(tmp, 'app', 'models'));
  });

  it('a model the manifest lists but nobody built names the file and the command', () => {
    const dir = join(tmp, 'store');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: { m: { id: 'm', onnx: { file: 'build/m.onnx', sha256: '0' } } } }));
    expect(() => new ModelStore(dir).read('m')).toThrow(/build\/m\.onnx does not exist.*npx facelab-models/);
  });
});
