/**
 * Runs every picture through the service's own steps: the `detect` and
 * `fit` units, the liveness unit's location of the face (src/locate-face.ts,
 * whose frame every liveness crop of the row is a multiple of), its feature code (crops, the `antispoof` and
 * `liveness` models, cues), the shipped head, and `fr-liveness` on every
 * candidate crop (candidates.ts). The largest face of a picture is its
 * face; pictures where no face is found are counted and left out. Rows are
 * cached as JSON per file, so a second run (or the eval suite after the
 * training script) costs nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, float32Tensor, ImageSource, silentLogger, type BBox, type ImageCodec, type InferenceBackend, type SampleObject, type UnitInstance } from '@facelab/core';
import { detectUnit } from '@facelab/face-detector';
import { createFaceFramer, fitUnit, type FaceFramer } from '@facelab/face-fitter';
import { faceFrame } from '../src/crop.ts';
import { faceFeatures } from '../src/features.ts';
import { locateFaces } from '../src/locate-face.ts';
import { ANTISPOOF, FR_LIVENESS, FR_LIVENESS_EMBED, HEAD, LIVENESS } from '../src/models.ts';
import { spoofEmbedding, spoofLogits } from '../src/spoof-score.ts';
import { FR_CROP_NAMES, FR_CROPS, SERVED_CROP, type FrCrop } from './candidates.ts';

export interface ExtractItem {
  file: string;
  real: boolean;
  /** Cross-validation group (train/data.ts). */
  group: string;
  /** The item's `subject_source`. */
  source: string;
  attack: string | null;
}

export interface Row extends ExtractItem {
  /** The located face's frame (src/locate-face.ts), normalised: every liveness crop of the row is a multiple of it, as in service. */
  bbox: BBox;
  /** The detector's box of the face, normalised. */
  detectorBox: BBox;
  /** Every cue, CUE_NAMES order. */
  cues: number[];
  antispoof: number;
  liveness: number;
  /** The shipped head's P(real) (models/trained/liveness-head.onnx at extraction time). */
  head: number;
  /** fr-liveness logits per candidate crop. */
  fr: Record<FrCrop, number[]>;
  /** fr-liveness-embed's 128-value embedding on the served crop. */
  emb: number[];
}

export interface Extracted {
  rows: Row[];
  /** Pictures where the detector found no face. */
  missed: string[];
  msPerPicture: number;
}

interface Cache {
  version: number;
  rows: Record<string, Row | null>;
}

/** Bump when a row's meaning changes (3: crops of the located face, src/locate-face.ts), so stale caches are not read. */
const CACHE_VERSION = 3;

export async function extractRows(dir: string, items: readonly ExtractItem[], inference: InferenceBackend, codec: ImageCodec, cachePath: string, progress: (done: number) => void): Promise<Extracted> {
  const cache = loadCache(cachePath);
  const todo = items.filter((i) => !(i.file in cache.rows));
  // Rows measured before a crop candidate was added get just that crop.
  const partial = items.filter((i) => cache.rows[i.file] && (!cache.rows[i.file]!.emb || FR_CROP_NAMES.some((c) => !cache.rows[i.file]!.fr[c])));
  const began = performance.now();
  if (partial.length > 0) {
    const fr = await inference.load(FR_LIVENESS.id);
    const embed = await inference.load(FR_LIVENESS_EMBED.id);
    for (const [n, item] of partial.entries()) {
      const row = cache.rows[item.file]!;
      const picture = await ImageSource.open(readFileSync(join(dir, item.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']).full();
      for (const name of FR_CROP_NAMES) row.fr[name] ??= Array.from(await spoofLogits(fr, picture, row.bbox, FR_CROPS[name]));
      row.emb ??= roundAll((await spoofEmbedding(embed, picture, row.bbox, SERVED_CROP)).embedding);
      if ((n + 1) % 200 === 0) {
        saveCache(cachePath, cache);
        progress(n + 1);
      }
    }
    saveCache(cachePath, cache);
  }
  if (todo.length > 0) {
    const context = { inference, logger: silentLogger };
    const detect: UnitInstance = await detectUnit().setup(context);
    const fit: UnitInstance = await fitUnit().setup(context);
    const framer = await createFaceFramer(inference);
    const [antispoof, liveness, head, fr, embed] = await Promise.all([ANTISPOOF.id, LIVENESS.id, HEAD.id, FR_LIVENESS.id, FR_LIVENESS_EMBED.id].map((id) => inference.load(id)));
    for (const [n, item] of todo.entries()) {
      cache.rows[item.file] = await extractOne(dir, item, codec, { detect, fit, framer, antispoof, liveness, head, fr, embed });
      if ((n + 1) % 100 === 0) {
        saveCache(cachePath, cache);
        progress(n + 1);
      }
    }
    saveCache(cachePath, cache);
  }
  const rows: Row[] = [];
  const missed: string[] = [];
  for (const item of items) {
    const row = cache.rows[item.file];
    if (row) rows.push({ ...row, ...item });
    else missed.push(item.file);
  }
  return { rows, missed, msPerPicture: todo.length ? (performance.now() - began) / todo.length : 0 };
}

type Sessions = Record<'detect' | 'fit', UnitInstance> & { framer: FaceFramer } & Record<'antispoof' | 'liveness' | 'head' | 'fr' | 'embed', Awaited<ReturnType<InferenceBackend['load']>>>;

async function extractOne(dir: string, item: ExtractItem, codec: ImageCodec, s: Sessions): Promise<Row | null> {
  const image = ImageSource.open(readFileSync(join(dir, item.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const found = (await s.detect.run({ image, objects: [], params: {} })).objects;
  if (found.length === 0) return null;
  const face = [...found].sort((a, b) => area(b) - area(a))[0];
  const [fitted] = (await s.fit.run({ image, objects: [face], params: {} })).objects;
  const frame = faceFrame(fitted, image.width, image.height);
  if (!frame) return null;
  const { boxes: [box] } = await locateFaces(s.framer, image, [fitted]);
  const picture = await image.full();
  const f = await faceFeatures(picture, [frame], { antispoof: s.antispoof, liveness: s.liveness });
  const headOut = await s.head.run({ [HEAD.input]: float32Tensor(f.rows, [1, HEAD.features.length]) }, [HEAD.output]);
  const fr = {} as Record<FrCrop, number[]>;
  for (const name of FR_CROP_NAMES) fr[name] = Array.from(await spoofLogits(s.fr, picture, box, FR_CROPS[name]));
  return {
    ...item,
    bbox: box,
    detectorBox: face.bbox!,
    cues: Array.from(f.cues[0]),
    antispoof: f.antispoof[0],
    liveness: f.liveness[0],
    head: (headOut[HEAD.output].data as Float32Array)[0],
    fr,
    emb: roundAll((await spoofEmbedding(s.embed, picture, box, SERVED_CROP)).embedding),
  };
}

/** Five significant decimals keep the cache small; the head's fit does not notice. */
function roundAll(values: Float32Array): number[] {
  return Array.from(values, (v) => Math.round(v * 1e5) / 1e5);
}

function area(o: SampleObject): number {
  const b = o.bbox!;
  return (b[2] - b[0]) * (b[3] - b[1]);
}

function loadCache(path: string): Cache {
  if (existsSync(path)) {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as Cache;
    if (cache.version === CACHE_VERSION) return cache;
  }
  return { version: CACHE_VERSION, rows: {} };
}

function saveCache(path: string, cache: Cache): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cache));
}

/** The whole extraction as one JSON file (what the head trainer reads). */
export function saveExtracted(path: string, data: Extracted): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data));
}

export function loadExtracted(path: string): Extracted | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Extracted) : undefined;
}
