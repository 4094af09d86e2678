/**
 * Builds one recipe into models/build/<id>.onnx (unless it is already there)
 * and checks its sources and its ONNX bytes against the committed manifest
 * entry. Conversion is deterministic, so a fresh machine reproduces the
 * committed sha256.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTfjsModel, loadTfjsModel } from '@facelab/tfjs-to-onnx';
import { flushDenormalWeights } from './onnx-denormals.ts';
import { addFloatOutput } from './onnx-outputs.ts';
import type { ManifestEntry, ManifestIo } from './manifest.ts';
import { manifestEntry } from './manifest.ts';
import type { ModelRecipe } from './recipe-types.ts';
import { locateSources, sha256 } from './sources.ts';
import type { Sources } from './sources.ts';

/** Options of {@link buildModel}. */
export interface BuildOptions {
  /** Repository root. */
  readonly root: string;
  /** Rebuild even when the ONNX file exists. */
  readonly rebuild: boolean;
  /** Accept new hashes instead of failing on a mismatch. */
  readonly update: boolean;
  /** Where build/<id>.onnx goes (default `<root>/models`). */
  readonly modelsDir?: string;
  /**
   * Building for an app (facelab-models): `root` is the app, its sources are
   * found in node_modules above it or fetched with `npm pack` at the
   * manifest's version, and errors name this command.
   */
  readonly app?: { readonly command: string };
}

/** What happened to one model. */
export interface BuildOutcome {
  readonly entry: ManifestEntry;
  readonly built: boolean;
  readonly ms: number;
}

async function convert(r: ModelRecipe, sources: Sources): Promise<{ bytes: Uint8Array; inputs: ManifestIo[]; outputs: ManifestIo[] }> {
  if (r.kind === 'builder') {
    return { bytes: await r.build(sources.dir), inputs: [...r.signature.inputs], outputs: [...r.signature.outputs] };
  }
  if (r.kind === 'onnx') {
    const file = new Uint8Array(readFileSync(sources.main.path));
    const bytes = (r.addOutputs ?? []).reduce<Uint8Array>((b, name) => addFloatOutput(b, name), r.flushDenormals ? flushDenormalWeights(file).bytes : file);
    return { bytes, inputs: [...r.signature.inputs], outputs: [...r.signature.outputs] };
  }
  const model = await loadTfjsModel(sources.main.path);
  const result = convertTfjsModel(model, {
    ...(r.convert?.inputs ? { inputs: r.convert.inputs } : {}),
    outputs: r.convert?.outputs ?? r.outputs.map((o) => ({ name: o.name })),
    ...(r.convert?.dynamicBatch !== undefined ? { dynamicBatch: r.convert.dynamicBatch } : {}),
    graphName: r.id,
    metadata: { id: r.id, source: `${r.source.package}/${r.source.file}`, licence: r.licence },
  });
  const declared = r.outputs.map((o) => o.name).join(', ');
  const got = result.outputs.map((o) => o.name).join(', ');
  if (declared !== got) throw new Error(`${r.id}: the recipe documents outputs [${declared}] but the conversion produced [${got}]`);
  return { bytes: result.onnx, inputs: [...result.inputs], outputs: [...result.outputs] };
}

/** Reads the inputs/outputs recorded for an already built file (the manifest's, which its sha256 vouches for). */
function recordedIo(previous: ManifestEntry | undefined): { inputs: ManifestIo[]; outputs: ManifestIo[] } | undefined {
  return previous ? { inputs: [...previous.inputs], outputs: previous.outputs.map(({ name, dtype, shape }) => ({ name, dtype, shape })) } : undefined;
}

/**
 * Builds (if needed) and verifies one model. Throws with the file and the fix
 * when a source is missing or a checksum does not match.
 */
export async function buildModel(r: ModelRecipe, previous: ManifestEntry | undefined, opts: BuildOptions): Promise<BuildOutcome> {
  const t0 = performance.now();
  const modelsDir = opts.modelsDir ?? join(opts.root, 'models');
  const sources = locateSources(opts.root, r, opts.app ? { modelsDir, searchUp: true, fetchVersion: previous?.source.version } : { modelsDir });
  const fix = opts.app
    ? { source: `Reinstall the pinned version, or delete ${join(modelsDir, '.packages')} and run "${opts.app.command}"`, rebuild: `run "${opts.app.command}"` }
    : { source: 'Install the pinned version ("npm ci"), or accept the new files with "npm run models -- --update"', rebuild: 'run "npm run models"' };
  if (previous && !opts.update) {
    const expected = [{ file: previous.source.file, sha256: previous.source.sha256 }, ...previous.source.weights];
    const actual = [sources.main, ...sources.weights];
    for (const e of expected) {
      const a = actual.find((f) => f.file === e.file);
      if (!a || a.sha256 !== e.sha256) {
        throw new Error(
          `${r.id}: source ${r.source.package}/${e.file} (installed ${sources.version}) has sha256 ${a?.sha256 ?? '(absent)'}, ` +
            `but models/manifest.json expects ${e.sha256} from version ${previous.source.version}. ` +
            `${fix.source}.`,
        );
      }
    }
  }
  const outDir = join(modelsDir, 'build');
  const relFile = `build/${r.id}.onnx`;
  const path = join(outDir, `${r.id}.onnx`);
  const shown = opts.app ? path : `models/${relFile}`;
  let io = opts.rebuild || opts.update ? undefined : recordedIo(previous);
  let bytes: Uint8Array;
  let built = false;
  if (!existsSync(path) || !io) {
    const converted = await convert(r, sources);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${path}.tmp`, converted.bytes);
    renameSync(`${path}.tmp`, path);
    bytes = converted.bytes;
    io = { inputs: converted.inputs, outputs: converted.outputs };
    built = true;
  } else {
    bytes = readFileSync(path);
  }
  const digest = sha256(bytes);
  if (previous && !opts.update && digest !== previous.onnx.sha256) {
    throw new Error(
      `${r.id}: ${shown} has sha256 ${digest}, but models/manifest.json says ${previous.onnx.sha256}. ` +
        (built
          ? opts.app
            ? 'The converter did not reproduce the published model: report it with the versions of @facelab/models and the source package.'
            : 'The converter no longer reproduces the committed model: if the converter or the recipe changed on purpose, run "npm run models -- --update" and commit models/manifest.json.'
          : `Delete ${shown} and ${fix.rebuild} to rebuild it.`),
    );
  }
  const entry = manifestEntry(r, sources, { file: relFile, sha256: digest, bytes: bytes.length }, io);
  return { entry, built, ms: performance.now() - t0 };
}
