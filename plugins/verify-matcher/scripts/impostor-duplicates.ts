/**
 * The CelebA "impostor" pairs of the calibration pool that show one person
 * twice, found without dev data (see src/calibration/README.md, "Impostor
 * pool cleaning"):
 *
 *   npx tsx --conditions=source plugins/verify-matcher/scripts/impostor-duplicates.ts <fit-seeding-cal.json> [strict loose out.json]
 *
 * The input is apps/eval/scripts/fit-seeding.ts `embed cal` output, which
 * holds two independently trained descriptors of every calibration photo
 * (MobileFaceNet and dlib's ResNet-34, today's fitting). It writes
 * `celeba-duplicates.json` beside this script; calibrate.ts leaves those
 * pairs out of the impostor pairs. Other `strict` / `loose` shares (and
 * another output) are for measuring how much the rule matters.
 *
 * The rule: rank every pair of the pool by its distance under each of the
 * two descriptors. A pair shows one person when it is among the pool's
 * closest STRICT share under one descriptor and among the closest LOOSE
 * share under the other. Each descriptor alone puts chance lookalikes
 * among its closest pairs; two descriptors trained apart seldom agree on
 * the same lookalike, while two photos of one person are close under both.
 * Then every pair inside a connected component of flagged pairs is left
 * out too (A~B and B~C: A and C are one person as well).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const DUPLICATES_FILE = join(here, 'celeba-duplicates.json');
/** Share of the pool's closest pairs under one descriptor (1e-4: 86 of the 860,016 pairs). */
export const STRICT = 1e-4;
/** Share of the pool's closest pairs under the other descriptor. */
export const LOOSE = 1e-3;

const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0;
  for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
  return Math.sqrt(Math.max(0, 2 - 2 * dot));
};

/** Each pair's rank share (1 / pairs for the closest) under one descriptor; pairs in i < j order. */
function rankShares(embeddings: readonly ArrayLike<number>[]): Float64Array {
  const n = embeddings.length;
  const d: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d.push(distance(embeddings[i], embeddings[j]));
  const order = d.map((_, k) => k).sort((x, y) => d[x] - d[y]);
  const share = new Float64Array(d.length);
  order.forEach((k, rank) => (share[k] = (rank + 1) / d.length));
  return share;
}

/**
 * Index pairs [i, j] (i < j) of the photos that show one person, by the
 * rule above, closed over connected components. `a` and `b` are the two
 * descriptors of the same photos, unit vectors.
 */
export function duplicatePairs(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[], strict = STRICT, loose = LOOSE): [number, number][] {
  const ra = rankShares(a);
  const rb = rankShares(b);
  const n = a.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (x: number): number => (parent[x] === x ? x : (parent[x] = root(parent[x])));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      if (Math.min(ra[k], rb[k]) <= strict && Math.max(ra[k], rb[k]) <= loose) parent[root(i)] = root(j);
    }
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) members.set(root(i), [...(members.get(root(i)) ?? []), i]);
  const pairs: [number, number][] = [];
  for (const group of members.values()) for (let x = 0; x < group.length; x++) for (let y = x + 1; y < group.length; y++) pairs.push([group[x], group[y]]);
  return pairs;
}

/** The left-out pairs as a lookup on two photo files (either order; absolute files are taken relative to `trainDir`). */
export function duplicateLookup(file = DUPLICATES_FILE, trainDir?: string): (a: string, b: string) => boolean {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { pairs: [string, string][] };
  const key = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);
  const set = new Set(saved.pairs.map(([x, y]) => key(x, y)));
  const name = (f: string): string => (trainDir ? relative(trainDir, f) : f);
  return (a, b) => set.has(key(name(a), name(b)));
}

const unitMean = (flat: readonly number[], size: number): Float32Array => {
  const e = new Float32Array(size);
  for (let v = 0; v < flat.length / size; v++) {
    let n = 0;
    for (let i = 0; i < size; i++) n += flat[v * size + i] ** 2;
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < size; i++) e[i] += flat[v * size + i] / n;
  }
  const n = Math.hypot(...e) || 1;
  return e.map((x) => x / n);
};

// Run as a script only (calibrate.ts imports the lookup from here).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [input, strictArg, looseArg, outArg] = process.argv.slice(2);
  if (!input) throw new Error('usage: impostor-duplicates.ts <fit-seeding-cal.json> [strict loose out.json]');
  const strict = Number(strictArg ?? STRICT);
  const loose = Number(looseArg ?? LOOSE);
  const target = outArg ?? DUPLICATES_FILE;
  const trainDir = resolve(process.env.FACELAB_TRAIN_DIR ?? join(here, '..', '..', '..', '..', 'shared', 'train'));
  // The unlabelled CelebA crops with a face, as fitted today (seeding "box": the fitter's default).
  const photos = (JSON.parse(readFileSync(input, 'utf8')) as any[]).filter((p) => p.v && p.subject === null && p.v.box?.r34);
  const mfn = photos.map((p) => unitMean(p.v.box.mfn, 512));
  const r34 = photos.map((p) => unitMean(p.v.box.r34, 128));
  const pairs = duplicatePairs(mfn, r34, strict, loose);
  const names = pairs.map(([i, j]) => [relative(trainDir, photos[i].file), relative(trainDir, photos[j].file)] as [string, string]);
  const out = {
    by: 'plugins/verify-matcher/scripts/impostor-duplicates.ts',
    rule: `closest ${strict} of the pool's pairs under one descriptor and closest ${loose} under the other (MobileFaceNet fr-feature crop + mirror; dlib ResNet-34 crop + mirror), closed over connected components`,
    photos: photos.length,
    poolPairs: (photos.length * (photos.length - 1)) / 2,
    photosInvolved: new Set(pairs.flat()).size,
    pairs: [] as [string, string][],
  };
  // One pair a line, so a change of the list reads as a short diff.
  const body = JSON.stringify(out, null, 1).replace('"pairs": []', `"pairs": [\n${names.map((p) => `  ${JSON.stringify(p)}`).join(',\n')}\n ]`);
  writeFileSync(target, `${body}\n`);
  console.log(`${names.length} pairs of ${out.poolPairs} (${out.photosInvolved} photos) -> ${target}`);
}
