/**
 * Caches the fitted faces (bbox + 21 named points, v2 wire objects) of the
 * photos the template comparison uses, so that descriptor variants can be
 * compared without re-running detection and fitting:
 *
 *   npx tsx --conditions=source apps/eval/scripts/fitted-faces.ts dev /tmp/i16-fitted-dev.json
 *   npx tsx --conditions=source apps/eval/scripts/fitted-faces.ts cal /tmp/i16-fitted-cal.json
 *
 * `dev`: the verification photos of the dev LFW slice (measuring only).
 * `cal`: the calibration photos of verify-matcher (../shared/train: CelebA
 * crops as impostors, webcam frames as genuines), padded as calibrate.ts pads.
 * The face nearest the centre of each photo is kept, as the eval keeps it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImageApi, encodeBase64, silentLogger } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { calibrationPhotos, photoBytes } from '../../../plugins/verify-matcher/scripts/calibrate.ts';
import { createEvalContext } from '../src/context.ts';

export interface FittedPhoto {
  file: string;
  /** Identity (dev) or subject (cal); null for a CelebA crop of unknown identity. */
  subject: string | null;
  source: string;
  /** The v2 face object (bbox, keypoints) of the face nearest the centre; null when none was found. */
  face: Record<string, any> | null;
}

const centre = (o: any): number => Math.hypot((o.bbox[0] + o.bbox[2]) / 2 - 0.5, (o.bbox[1] + o.bbox[3]) / 2 - 0.5);

const [which, out] = process.argv.slice(2);
if ((which !== 'dev' && which !== 'cal') || !out) throw new Error('usage: fitted-faces.ts dev|cal <out.json>');
const root = join(import.meta.dirname, '..', '..', '..');
const photos: { file: string; subject: string | null; source: string; bytes: () => Promise<Buffer> }[] = [];
if (which === 'dev') {
  const ctx = createEvalContext(root);
  const set = ctx.manifest.categories.verification as { images: { file: string; identity: string }[] };
  for (const i of set.images) photos.push({ file: i.file, subject: i.identity, source: 'lfw', bytes: async () => ctx.read(i.file) });
} else {
  for (const p of calibrationPhotos()) photos.push({ ...p, bytes: () => photoBytes(p) });
}
const app = await createImageApi({ plugins: [faceDetector(), faceFitter()], inference: createOrtBackend(), imageCodec: createSharpCodec(), logger: silentLogger });
const result: FittedPhoto[] = [];
for (const [n, p] of photos.entries()) {
  if (n % 200 === 0) console.log(`fit ${n}/${photos.length}`);
  const res = await app.request('/face-detector-face-fitter/v2/process/sample', { method: 'POST', body: JSON.stringify({ _image: { blob: encodeBase64(await p.bytes()) } }), headers: { 'content-type': 'application/json' } });
  const objects = (((await res.json()) as any).objects ?? []).filter((o: any) => o.keypoints);
  const face = objects.sort((a: any, b: any) => centre(a) - centre(b))[0] ?? null;
  result.push({ file: p.file, subject: p.subject, source: p.source, face });
}
writeFileSync(out, JSON.stringify(result));
console.log(`${result.filter((r) => r.face).length}/${result.length} photos with a fitted face -> ${out}`);
