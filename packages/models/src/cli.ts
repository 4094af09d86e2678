#!/usr/bin/env node
/**
 * facelab-models: builds the models of the facelab plugins installed in the
 * current folder's node_modules (or the ids given) into FACELAB_MODELS_DIR,
 * else the user's cache folder, where @facelab/runtime's ModelStore looks.
 *
 *   npx facelab-models                 the installed plugins' models
 *   npx facelab-models faceres emotion only these ids
 *   npx facelab-models --all           every model of the manifest
 *   npx facelab-models --list          what would be built, and where
 *   npx facelab-models --dir ./models  another folder (also: FACELAB_MODELS_DIR)
 *   npx facelab-models --rebuild       rebuild files that are already there
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultModelsDir } from '@facelab/runtime';
import { buildModels, packageManifest } from './build.ts';
import { installedPlugins, neededModels } from './installed.ts';

function fail(message: string): never {
  console.error(`facelab-models: ${message}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { all: { type: 'boolean' }, list: { type: 'boolean' }, rebuild: { type: 'boolean' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
try {
  args = parse();
} catch (err) {
  fail((err as Error).message);
}
if (args.values.help) {
  console.log('usage: facelab-models [model ids...] [--all] [--list] [--rebuild] [--dir DIR]');
  process.exit(0);
}

const appDir = process.cwd();
const modelsDir = resolve(args.values.dir ?? process.env.FACELAB_MODELS_DIR ?? defaultModelsDir());
const plugins = installedPlugins(appDir);
let ids: string[];
if (args.positionals.length > 0) ids = args.positionals;
else if (args.values.all) ids = Object.keys(packageManifest());
else {
  if (plugins.length === 0) fail(`no facelab plugin found in ${appDir}/node_modules/@facelab; install one (e.g. npm install @facelab/face-detector), or name model ids, or use --all`);
  ids = neededModels(plugins);
}

console.log(`facelab-models: ${ids.length} model(s) into ${modelsDir}`);
for (const p of plugins) console.log(`  ${p.package}@${p.version}: ${p.models.join(', ') || '(no models)'}`);
if (args.values.list) process.exit(0);

const t0 = performance.now();
try {
  const result = await buildModels({
    appDir,
    modelsDir,
    ids,
    rebuild: args.values.rebuild ?? false,
    onProgress(e) {
      const step = `[${e.index + 1}/${e.total}]`;
      if (e.kind === 'start') console.log(`  ${step} ${e.id} from ${e.from} ...`);
      else console.log(`  ${step} ${(e.built ? 'built' : 'verified').padEnd(8)} ${e.id.padEnd(18)} ${(e.bytes / 1e6).toFixed(1).padStart(5)} MB ${e.ms.toFixed(0).padStart(6)} ms  sha256 ok`);
    },
  });
  console.log(`facelab-models: ${result.built.length} built, ${result.verified.length} verified, ${((performance.now() - t0) / 1000).toFixed(1)} s; the runtime finds them in ${modelsDir}`);
} catch (err) {
  console.error(`facelab-models: ${(err as Error).message}`);
  process.exit(1);
}
