/** The pictures named on the command line: files as given, folders read recursively in name order. */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UsageError } from './args.ts';

const PICTURES = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp']);

export async function expandPictures(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`No such file or folder: ${path}`);
    if (info.isDirectory()) out.push(...(await picturesIn(path)));
    else out.push(path);
  }
  return out;
}

async function picturesIn(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await picturesIn(path)));
    else if (PICTURES.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}
