/**
 * The commands of `facelab`. Each writes its answer through `io.out`
 * (a table, or JSON with --json) and progress through `io.err`, and returns
 * the exit code: 0 when every picture was answered, 1 when some were not,
 * 2 for a usage error or a server that cannot be reached.
 */
import { readFile } from 'node:fs/promises';
import { createClient, type FacelabClient } from '../client.ts';
import { FacelabConnectionError, FacelabError } from '../errors.ts';
import { NoFaceError, verifyFaces } from '../verify.ts';
import type { V2Object } from '../wire.ts';
import { USAGE, UsageError, parseArgs, type CliArgs } from './args.ts';
import { expandPictures } from './files.ts';
import { cell, pairs, table } from './table.ts';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Progress rewrites one line on a terminal, and prints a line per picture elsewhere. */
  isTTY: boolean;
}

interface PictureResult {
  file: string;
  objects?: V2Object[];
  error?: string;
}

export async function runCli(argv: string[], io: CliIO, env: Record<string, string | undefined> = {}): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv, env);
    if (args.help || !args.command) {
      io.out(USAGE);
      return args.help ? 0 : 2;
    }
    const client = createClient({ url: args.url });
    switch (args.command) {
      case 'detect':
        return await perPicture(client, args, io, 'face-detector', detectReport);
      case 'quality':
        return await perPicture(client, args, io, 'quality-assessment-estimator', qualityReport);
      case 'verify':
        return await verify(client, args, io);
      case 'services':
        return await services(client, args, io);
      case 'health':
        io.out(args.json ? JSON.stringify(await client.health()) : `${args.url}: ${(await client.health()).status}`);
        return 0;
      default:
        throw new UsageError(`Unknown command "${args.command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) io.err(`facelab: ${error.message}`);
    else if (error instanceof FacelabConnectionError) io.err(`facelab: ${error.message} (is the server running? start it with npm start, or pass --url)`);
    else if (error instanceof FacelabError) io.err(`facelab: the server answered ${error.status}: ${messageOf(error)}`);
    else io.err(`facelab: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof FacelabError ? 1 : 2;
  }
}

const messageOf = (error: unknown): string => (error instanceof FacelabError && typeof error.detail === 'string' ? error.detail : error instanceof Error ? error.message : String(error));

/** Sends each picture to the service's v2 process/image, a few at a time, in order, with progress. */
async function perPicture(client: FacelabClient, args: CliArgs, io: CliIO, service: string, report: (results: PictureResult[]) => string): Promise<number> {
  const files = await expandPictures(args.paths);
  if (files.length === 0) throw new UsageError(args.paths.length ? `No pictures in ${args.paths.join(', ')}` : `${args.command} needs a photo or a folder`);
  const target = client.service(service).v2;
  const results: PictureResult[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const showProgress = files.length > 1 && !args.quiet;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      try {
        const sample = await target.processImage(await readFile(file), { params: args.params });
        results[i] = { file, objects: sample.objects ?? [] };
      } catch (error) {
        if (error instanceof FacelabConnectionError) throw error;
        results[i] = { file, error: messageOf(error) };
      }
      done++;
      if (showProgress) io.err(io.isTTY ? `\r\x1b[K[${done}/${files.length}] ${file}${done === files.length ? '\n' : ''}` : `[${done}/${files.length}] ${file}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, files.length) }, worker));
  // The answer echoes the picture in _image; a client printing results has no use for it.
  io.out(args.json ? JSON.stringify(results, null, 2) : report(results));
  const failed = results.filter((r) => r.error);
  for (const r of failed) io.err(`facelab: ${r.file}: ${r.error}`);
  return failed.length ? 1 : 0;
}

function detectReport(results: PictureResult[]): string {
  const rows: string[][] = [];
  for (const { file, objects, error } of results) {
    if (error) rows.push([file, '', '', 'error']);
    else if (!objects!.length) rows.push([file, '-', '', 'no face']);
    else objects!.forEach((o, i) => rows.push([file, String(o.id ?? i), cell(o.confidence), (o.bbox ?? []).map((v) => v.toFixed(3)).join(' ')]));
  }
  const faces = results.reduce((n, r) => n + (r.objects?.length ?? 0), 0);
  return `${table(['photo', 'face', 'confidence', 'box (x1 y1 x2 y2, fraction of the picture)'], rows)}\n\n${faces} face${faces === 1 ? '' : 's'} in ${results.length} photo${results.length === 1 ? '' : 's'}`;
}

function qualityReport(results: PictureResult[]): string {
  const blocks: string[] = [];
  for (const { file, objects, error } of results) {
    if (error) {
      blocks.push(`${file}: error`);
      continue;
    }
    const faces = (objects ?? []).filter((o) => o.quality);
    if (!faces.length) {
      blocks.push(`${file}: no face`);
      continue;
    }
    const names = [...new Set(faces.flatMap((o) => Object.keys(o.quality!)))];
    const rows = names.map((name) => [name, ...faces.map((o) => cell(o.quality![name]))]);
    blocks.push(`${file}: ${faces.length} face${faces.length === 1 ? '' : 's'}\n${table(['measure', ...faces.map((o, i) => `face ${o.id ?? i}`)], rows)}`);
  }
  return blocks.join('\n\n');
}

async function verify(client: FacelabClient, args: CliArgs, io: CliIO): Promise<number> {
  if (args.paths.length !== 2) throw new UsageError('verify takes two photos');
  const [a, b] = args.paths as [string, string];
  let result;
  try {
    result = await verifyFaces(client, await readFile(a), await readFile(b), { params: args.params });
  } catch (error) {
    if (!(error instanceof NoFaceError)) throw error;
    io.err(`facelab: no face found in ${args.paths[error.picture]}`);
    return 1;
  }
  const { distance, score, fa_r, fr_r } = result.verification;
  const match = fa_r <= args.far;
  if (args.json) {
    io.out(JSON.stringify({ photos: [a, b], facesFound: result.found, bboxes: result.faces.map((f) => f.bbox), verification: result.verification, far: args.far, match }, null, 2));
    return 0;
  }
  const rows = [
    ['photo 1', `${a} (${result.found[0]} face${result.found[0] === 1 ? '' : 's'}, largest compared)`],
    ['photo 2', `${b} (${result.found[1]} face${result.found[1] === 1 ? '' : 's'}, largest compared)`],
    ['distance', cell(distance, 4)],
    ['score', cell(score, 4)],
    ['fa_r', fa_r.toExponential(2)],
    ['fr_r', fr_r.toExponential(2)],
    ['same person', `${match ? 'yes' : 'no'} (at a false-accept rate of ${args.far})`],
  ];
  io.out(pairs(rows));
  return 0;
}

async function services(client: FacelabClient, args: CliArgs, io: CliIO): Promise<number> {
  const info = await client.services();
  io.out(args.json ? JSON.stringify(info, null, 2) : table(['service', 'plugin', 'version', 'pipeline'], info.services.map((s) => [s.name, s.plugin, s.version, s.pipeline.join(' → ')])));
  return 0;
}
