/**
 * `npm run models`: builds every model of models/recipes.ts that is missing
 * from models/build/, verifies sources and ONNX files against the sha256 in
 * models/manifest.json, and refreshes the manifest's facts.
 *
 *   npm run models                      build what is missing, verify everything
 *   npm run models -- --rebuild         rebuild every file, then verify
 *   npm run models -- --update          rebuild and accept new sha256 (after a converter or recipe change)
 *   npm run models -- faceres nanodet   only these ids
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from './build-model.ts';
import type { ManifestEntry } from './manifest.ts';
import { readManifest, writeManifest } from './manifest.ts';
import { RECIPES } from './recipes.ts';
import { trainedEntries } from './trained.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
for (const f of flags) {
  if (!['--rebuild', '--update'].includes(f)) {
    console.error(`unknown option ${f} (use --rebuild, --update, or model ids)`);
    process.exit(2);
  }
}
const only = args.filter((a) => !a.startsWith('--'));
const unknown = only.filter((id) => !RECIPES.some((r) => r.id === id));
if (unknown.length > 0) {
  console.error(`unknown model id(s): ${unknown.join(', ')}; known: ${RECIPES.map((r) => r.id).join(', ')}`);
  process.exit(2);
}

const manifestPath = join(root, 'models', 'manifest.json');
const manifest = readManifest(manifestPath);
const models: Record<string, ManifestEntry> = { ...manifest.models };
const failures: string[] = [];
const t0 = performance.now();
for (const r of RECIPES.filter((x) => only.length === 0 || only.includes(x.id))) {
  try {
    const outcome = await buildModel(r, manifest.models[r.id], { root, rebuild: flags.has('--rebuild'), update: flags.has('--update') });
    models[r.id] = outcome.entry;
    const what = outcome.built ? 'built' : 'verified';
    console.log(`  ${what.padEnd(8)} ${r.id.padEnd(18)} ${(outcome.entry.onnx.bytes / 1e6).toFixed(1).padStart(5)} MB  ${outcome.ms.toFixed(0).padStart(5)} ms`);
  } catch (err) {
    failures.push((err as Error).message);
    console.error(`  FAILED   ${r.id}`);
  }
}
try {
  for (const entry of trainedEntries(join(root, 'models'))) {
    models[entry.id] = entry;
    console.log(`  verified ${entry.id.padEnd(18)} ${(entry.onnx.bytes / 1e6).toFixed(1).padStart(5)} MB  (trained here)`);
  }
} catch (err) {
  failures.push((err as Error).message);
}
const changed = writeManifest(manifestPath, models);
console.log(`models: ${Object.keys(models).length} in the manifest${changed ? ' (updated)' : ''}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
if (failures.length > 0) {
  console.error(`\n${failures.length} model(s) failed:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
