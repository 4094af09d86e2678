#!/usr/bin/env node
/**
 * tfjs-to-onnx <model.json> -o out.onnx [--output name[:alias]]... [--input name[:alias][=d0,d1,...]]... [--static-batch]
 *
 * Converts a TF.js graph model to ONNX (opset 17). `--output` picks outputs
 * (internal nodes allowed, `node:1` for a second output); `--input` renames or
 * re-shapes a Placeholder, or cuts the graph at any other tensor, which then
 * becomes an input (give its shape). `--ops` lists the supported TF ops.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { convertTfjsModel } from './convert/convert.js';
import type { OutputSpec } from './convert/convert.js';
import { nameAndAlias, parseInput } from './cli-args.js';
import { supportedOps } from './ops/index.js';
import { loadTfjsModel } from './tfjs/load.js';

const USAGE = 'usage: tfjs-to-onnx <model.json> -o <out.onnx> [--output name[:alias]]... [--input name[:alias][=d0,d1,...]]... [--static-batch] [--ops]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      output: { type: 'string', multiple: true },
      input: { type: 'string', multiple: true },
      'static-batch': { type: 'boolean' },
      ops: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.ops) {
    console.log(supportedOps().join('\n'));
    return 0;
  }
  const [modelPath] = positionals;
  if (!modelPath || !values.out || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const outputs: OutputSpec[] | undefined = values.output?.map(nameAndAlias);
  const inputs = values.input?.map(parseInput);
  const result = convertTfjsModel(await loadTfjsModel(modelPath), {
    ...(outputs ? { outputs } : {}),
    ...(inputs ? { inputs } : {}),
    dynamicBatch: !values['static-batch'],
  });
  await writeFile(values.out, result.onnx);
  const fmt = (io: { name: string; dtype: string; shape: readonly (number | string)[] }): string => `  ${io.name} ${io.dtype} [${io.shape.join(', ')}]`;
  console.log(`wrote ${values.out} (${result.onnx.length} bytes)`);
  console.log(`inputs:\n${result.inputs.map(fmt).join('\n')}`);
  console.log(`outputs:\n${result.outputs.map(fmt).join('\n')}`);
  console.log(`ONNX nodes: ${Object.entries(result.onnxOps).map(([op, n]) => `${op} ${n}`).join(', ')}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`tfjs-to-onnx: ${(err as Error).message}`);
    process.exit(1);
  },
);
