/**
 * Runs every training picture through the service's own steps: the
 * `detect` and `fit` units, then the liveness unit's feature code (crops,
 * both models, cues). The largest face of a picture is its face; pictures
 * where no face is found are counted and left out. Rows are cached as JSON.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type ImageCodec, type InferenceBackend, type SampleObject, type UnitInstance } from '@facelab/core';
import { detectUnit } from '@facelab/face-detector';
import { fitUnit } from '@facelab/face-fitter';
import { faceFrame } from '../src/crop.ts';
import { faceFeatures } from '../src/features.ts';
import { ANTISPOOF, LIVENESS } from '../src/models.ts';
import type { TrainItem } from './data.ts';

export interface Row {
  file: string;
  real: boolean;
  group: string;
  source: string;
  attack: string | null;
  /** Every cue, CUE_NAMES order. */
  cues: number[];
  antispoof: number;
  liveness: number;
}

export interface Extracted {
  rows: Row[];
  /** Pictures where the detector found no face. */
  missed: string[];
  msPerPicture: number;
}

export async function extractRows(dir: string, items: readonly TrainItem[], inference: InferenceBackend, codec: ImageCodec, progress: (done: number) => void): Promise<Extracted> {
  const context = { inference, logger: silentLogger };
  const detect: UnitInstance = await detectUnit().setup(context);
  const fit: UnitInstance = await fitUnit().setup(context);
  const sessions = { antispoof: await inference.load(ANTISPOOF.id), liveness: await inference.load(LIVENESS.id) };
  const rows: Row[] = [];
  const missed: string[] = [];
  const began = performance.now();
  for (const [n, item] of items.entries()) {
    const image = ImageSource.open(readFileSync(join(dir, item.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']);
    const found = (await detect.run({ image, objects: [], params: {} })).objects;
    if (found.length === 0) {
      missed.push(item.file);
      continue;
    }
    const face = [...found].sort((a, b) => area(b) - area(a))[0];
    const [fitted] = (await fit.run({ image, objects: [face], params: {} })).objects;
    const frame = faceFrame(fitted, image.width, image.height);
    if (!frame) {
      missed.push(item.file);
      continue;
    }
    const f = await faceFeatures(await image.full(), [frame], sessions);
    rows.push({
      file: item.file,
      real: item.real,
      group: item.group,
      source: item.source,
      attack: item.attack,
      cues: Array.from(f.cues[0]),
      antispoof: f.antispoof[0],
      liveness: f.liveness[0],
    });
    progress(n + 1);
  }
  return { rows, missed, msPerPicture: (performance.now() - began) / items.length };
}

function area(o: SampleObject): number {
  const b = o.bbox!;
  return (b[2] - b[0]) * (b[3] - b[1]);
}

export function saveExtracted(path: string, data: Extracted): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data));
}

export function loadExtracted(path: string): Extracted | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Extracted) : undefined;
}
