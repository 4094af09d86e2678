/**
 * Rebuilds src/calibration/<model>_<version>.json (the current template
 * format's) from calibration photos that are not the dev eval data (see
 * src/calibration/README.md):
 *
 *   npx tsx --conditions=source plugins/verify-matcher/scripts/calibrate.ts embed  /tmp/cal-embeddings.json [fitted.json [stride]]
 *   npx tsx --conditions=source plugins/verify-matcher/scripts/calibrate.ts table  /tmp/cal-embeddings.json [stride, recorded]
 *
 * `embed` runs every photo through face-detector-template-extractor (the
 * production pipeline) and keeps the face nearest the centre; given the
 * fitted faces cached by apps/eval/scripts/fitted-faces.ts (`cal`), it
 * sends those faces to template-extractor's process/sample instead, which
 * skips detecting and fitting again. `table` builds the pairs, the ROC
 * table and the score curve and writes the JSON.
 * Photos come from ../shared/train (FACELAB_TRAIN_DIR): the no-mask CelebA
 * crops of train/mask (impostor pairs: different celebrities) and the real
 * faces of train/liveness (genuine pairs: one subject's frames).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createImageApi, decodeBase64, encodeBase64, silentLogger } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { decodeTemplate, TEMPLATE_KEY, TEMPLATE_MODEL, TEMPLATE_VERSION, templateExtractor } from '@facelab/template-extractor';
import { DUPLICATES_FILE, duplicateLookup } from './impostor-duplicates.ts';
import { thresholdFor, type Calibration } from '../src/roc.ts';
import { buildCalibration } from './roc-table.ts';

const here = dirname(fileURLToPath(import.meta.url));
const trainDir = resolve(process.env.FACELAB_TRAIN_DIR ?? join(here, '..', '..', '..', '..', 'shared', 'train'));

export interface CalibrationPhoto {
  file: string;
  /** Who it shows; null for a CelebA crop (identities unknown, all different celebrities). */
  subject: string | null;
  source: string;
}

export interface EmbeddedPhoto extends CalibrationPhoto {
  embedding: number[];
}

/** The calibration photos: CelebA crops (impostor pool) and real liveness frames (genuine pool). */
export function calibrationPhotos(): CalibrationPhoto[] {
  const mask = JSON.parse(readFileSync(join(trainDir, 'mask', 'manifest.json'), 'utf8')).items as any[];
  const live = JSON.parse(readFileSync(join(trainDir, 'liveness', 'manifest.json'), 'utf8')).items as any[];
  return [
    ...mask.filter((i) => i.label === false && i.file.startsWith('images/k12_nomask')).map((i) => ({ file: join(trainDir, 'mask', i.file), subject: null, source: i.source })),
    ...live.filter((i) => i.label === true && !String(i.subject).startsWith('viguardieiro')).map((i) => ({ file: join(trainDir, 'liveness', i.file), subject: String(i.subject), source: i.source })),
  ];
}

/** A calibration photo as it is sent: the tight CelebA crops get a black border (30% of their side) so the detector sees the context it expects. */
export async function photoBytes(photo: CalibrationPhoto): Promise<Buffer> {
  const meta = await sharp(photo.file).metadata();
  const pad = photo.subject === null ? Math.round(0.3 * Math.max(meta.width ?? 0, meta.height ?? 0)) : 0;
  // Lossless and quick to write: the pixels are what matter.
  return sharp(photo.file).extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#000' }).png({ compressionLevel: 1 }).toBuffer();
}

/**
 * Genuine pairs: two frames of one subject. Impostor pairs: two different
 * CelebA crops, less those `isDuplicate` names (one person twice).
 */
export function pairDistances(photos: readonly EmbeddedPhoto[], isDuplicate: (a: string, b: string) => boolean = () => false): { genuine: Float64Array; impostor: Float64Array } {
  const dist = (a: number[], b: number[]): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < photos.length; i++) {
    for (let j = i + 1; j < photos.length; j++) {
      const a = photos[i];
      const b = photos[j];
      if (a.subject === null && b.subject === null) {
        if (!isDuplicate(a.file, b.file)) impostor.push(dist(a.embedding, b.embedding));
      } else if (a.subject !== null && a.subject === b.subject) genuine.push(dist(a.embedding, b.embedding));
    }
  }
  return { genuine: Float64Array.from(genuine), impostor: Float64Array.from(impostor) };
}

async function embed(out: string, fittedFile?: string, stride = 1): Promise<void> {
  const app = await createImageApi({ plugins: [faceDetector(), faceFitter(), templateExtractor()], inference: createOrtBackend(), imageCodec: createSharpCodec(), logger: silentLogger });
  const result: EmbeddedPhoto[] = [];
  // A stride keeps every stride-th photo of each pool (for a quicker build on a busy machine).
  const photos = calibrationPhotos().filter((_, i) => i % stride === 0);
  const fitted = fittedFile ? new Map((JSON.parse(readFileSync(fittedFile, 'utf8')) as { file: string; face: unknown }[]).map((p) => [p.file, p.face])) : null;
  for (const [n, photo] of photos.entries()) {
    if (n % 250 === 0) console.log(`embed ${n}/${photos.length}`);
    const bytes = await photoBytes(photo);
    const face = fitted?.get(photo.file);
    if (fitted && !face) continue;
    const [path, body] = face ? ['/template-extractor/v2/process/sample', { _image: { blob: encodeBase64(bytes) }, objects: [face] }] : ['/face-detector-template-extractor/v2/process/sample', { _image: { blob: encodeBase64(bytes) } }];
    const res = await app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const faces = ((await res.json()) as any).objects?.filter((o: any) => o.template) ?? [];
    const centre = (o: any): number => Math.hypot((o.bbox[0] + o.bbox[2]) / 2 - 0.5, (o.bbox[1] + o.bbox[3]) / 2 - 0.5);
    const nearest = faces.sort((x: any, y: any) => centre(x) - centre(y))[0];
    if (!nearest) continue;
    const t = nearest.template[TEMPLATE_KEY];
    const { embedding } = decodeTemplate({ key: TEMPLATE_KEY, dtype: t.dtype, shape: t.shape, data: decodeBase64(t.blob) }, 0);
    result.push({ ...photo, embedding: Array.from(embedding) });
  }
  writeFileSync(out, JSON.stringify(result));
}

function table(input: string, stride = 1): void {
  const photos = JSON.parse(readFileSync(input, 'utf8')) as EmbeddedPhoto[];
  // The CelebA pairs that show one person twice (impostor-duplicates.ts, found without dev data) are left out.
  const { genuine, impostor } = pairDistances(photos, duplicateLookup(undefined, trainDir));
  const duplicates = JSON.parse(readFileSync(DUPLICATES_FILE, 'utf8')) as { rule: string; pairs: unknown[] };
  const subjects = new Set(photos.filter((p) => p.subject !== null).map((p) => p.subject));
  const calibration = buildCalibration(TEMPLATE_KEY, genuine, impostor, 0.005, 2, 0);
  const built = {
    by: 'plugins/verify-matcher/scripts/calibrate.ts',
    stride,
    duplicatesLeftOut: `${duplicates.pairs.length} CelebA pairs (scripts/celeba-duplicates.json: ${duplicates.rule})`,
    photos: photos.length,
    genuinePairs: genuine.length,
    genuineSubjects: subjects.size,
    impostorPairs: impostor.length,
    impostorPhotos: photos.filter((p) => p.subject === null).length,
    sources: 'genuine: real faces of shared/train/liveness (NUAA + 8 selfie videos, viguardieiro left out: 1-2 people); impostor: no-mask CelebA crops of shared/train/mask (Kaggle Face Mask 12K)',
  };
  const target = join(here, '..', 'src', 'calibration', `${TEMPLATE_MODEL}_${TEMPLATE_VERSION}.json`);
  writeFileSync(target, `${JSON.stringify({ template: calibration.template, built, step: calibration.step, score: calibration.score, far: calibration.far, frr: calibration.frr })}\n`);
  console.log(JSON.stringify(built), calibration.score);
  // How the template separates these identities (none of them in dev): TAR at a FAR on the calibration pairs.
  const im = Float64Array.from(impostor).sort();
  for (const far of [1e-2, 1e-3, 1e-4]) {
    const t = im[Math.floor(far * im.length)];
    console.log(`calibration pairs: TAR ${((100 * genuine.filter((d) => d < t).length) / genuine.length).toFixed(2)}% at FAR ${far} (distance < ${t.toFixed(3)})`);
  }
  // A check without dev data: a table built on every second photo, read against the other half's impostor pairs.
  const isDuplicate = duplicateLookup(undefined, trainDir);
  const halves = [0, 1].map((h) => pairDistances(photos.filter((_, i) => i % 2 === h), isDuplicate));
  for (const [from, to] of [[0, 1], [1, 0]]) {
    const half = buildCalibration(TEMPLATE_KEY, halves[from].genuine, halves[from].impostor, 0.005, 2, 0) as Calibration;
    const ratios = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4].map((r) => {
      const t = thresholdFor(half, r);
      return halves[to].impostor.filter((d) => d <= t).length / halves[to].impostor.length / r;
    });
    console.log(`half ${from}'s table on half ${to}'s impostor pairs, measured FAR / fa_r at 1e-1 ... 1e-4: ${ratios.map((v) => v.toFixed(2)).join(' ')}`);
  }
}

// Run as a script only (other scripts import the photo list from here).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [command, file, ...rest] = process.argv.slice(2);
  if (command === 'embed' && file) await embed(file, rest[0], Number(rest[1] ?? 1));
  else if (command === 'table' && file) table(file, Number(rest[0] ?? 1));
  else throw new Error('usage: calibrate.ts embed <embeddings.json> [fitted.json [stride]] | table <embeddings.json> [stride]');
}
