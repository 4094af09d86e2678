/**
 * How much the located frame and the age move with the box a client draws,
 * on TRAINING faces (../shared/train/age_gender, never eval data): each
 * picture's face is found by the detector, then framed by the attribute
 * units' framer from the eval's box variants (detector, whole crop, x0.8,
 * x1.3, shifted by 10% of the width) and read by faceres + the age head.
 * Prints, per variant against the whole-crop frame (the framing the heads
 * were trained on): the median and p90 frame-centre distance and size
 * ratio (in frame heights), the share of faces the mesh refused (frame =
 * the box), the age MAE and bias, and the mean |age - age from the whole
 * crop|. Writes one JSON row per face to OUT.
 *
 *   npx tsx --conditions=source plugins/age-estimator/train/box-agreement.ts /tmp/box-agreement.json [faces] [offset]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type BBox, type FaceFrame } from '@facelab/core';
import { detectUnit } from '@facelab/face-detector';
import { createFaceFramer } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { createFaceresRunner } from '../src/faceres.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const [out = '/tmp/box-agreement.json', countArg = '150', offsetArg = '0'] = process.argv.slice(2);

const VARIANTS = ['detector', 'whole', 'scale0.8', 'scale1.3', 'shift0.1'] as const;
type Variant = (typeof VARIANTS)[number];
const clip = (v: number): number => Math.min(1, Math.max(0, v));
function variantBox(variant: Variant, [x1, y1, x2, y2]: BBox): BBox {
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const w = x2 - x1;
  const h = y2 - y1;
  const scaled = (s: number): BBox => [cx - (w * s) / 2, cy - (h * s) / 2, cx + (w * s) / 2, cy + (h * s) / 2];
  const box: BBox = variant === 'detector' ? [x1, y1, x2, y2] : variant === 'whole' ? [0, 0, 1, 1] : variant === 'scale0.8' ? scaled(0.8) : variant === 'scale1.3' ? scaled(1.3) : [x1 + 0.1 * w, y1, x2 + 0.1 * w, y2];
  return box.map(clip) as BBox;
}

const items = (JSON.parse(readFileSync(join(trainRoot, 'age_gender', 'manifest.json'), 'utf8')) as { items: { file: string; age: number }[] }).items;
const count = Number(countArg);
const step = Math.max(1, Math.floor(items.length / count));
const inference = createOrtBackend();
const codec = createSharpCodec();
const detect = await detectUnit().setup({ inference, logger: silentLogger });
const framer = await createFaceFramer(inference);
const runner = await createFaceresRunner(inference, { flip: false, ageRule: 'expected', heads: true });

interface Row { file: string; age: number; frames: Record<string, { cx: number; cy: number; h: number; located: boolean }>; ages: Record<string, number> }
const rows: Row[] = [];
const frameOf = (f: FaceFrame): { cx: number; cy: number; h: number } => ({ cx: (f.box[0] + f.box[2]) / 2, cy: (f.box[1] + f.box[3]) / 2, h: f.box[3] - f.box[1] });
for (let i = Number(offsetArg); i < items.length && rows.length < count; i += step) {
  const image = ImageSource.open(readFileSync(join(trainRoot, 'age_gender', items[i].file)), codec, DEFAULT_IMAGE_LIMITS, ['image']);
  const found = (await detect.run({ image, objects: [], params: {} })).objects.sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0))[0];
  if (!found?.bbox) continue;
  const row: Row = { file: items[i].file, age: items[i].age, frames: {}, ages: {} };
  for (const v of VARIANTS) {
    const { hints: _, ...box } = found;
    const face = { ...box, bbox: variantBox(v, found.bbox) };
    const framed = await framer.frames(image, [face]);
    const { estimates } = await runner.estimate(image, framed.frames);
    row.frames[v] = { ...frameOf(framed.frames[0]), located: framed.faces[0].hints?.mesh !== undefined };
    row.ages[v] = estimates[0].age;
  }
  rows.push(row);
}
writeFileSync(out, JSON.stringify(rows));

const q = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const r2 = (x: number): string => x.toFixed(3);
console.log(`${rows.length} training faces (every ${step}th from ${offsetArg})`);
for (const v of VARIANTS) {
  const d = rows.map((r) => Math.hypot(r.frames[v].cx - r.frames.whole.cx, r.frames[v].cy - r.frames.whole.cy) / r.frames.whole.h);
  const s = rows.map((r) => Math.abs(Math.log(r.frames[v].h / r.frames.whole.h)));
  const err = rows.map((r) => r.ages[v] - r.age);
  const gap = rows.map((r) => Math.abs(r.ages[v] - r.ages.whole));
  const refused = rows.filter((r) => !r.frames[v].located).length;
  const mean = (xs: number[]): number => xs.reduce((a, c) => a + c, 0) / xs.length;
  console.log(`${v.padEnd(9)} centre d med ${r2(q(d, 0.5))} p90 ${r2(q(d, 0.9))} | |log size| med ${r2(q(s, 0.5))} p90 ${r2(q(s, 0.9))} | refused ${refused} | age MAE ${mean(err.map(Math.abs)).toFixed(2)} bias ${mean(err).toFixed(2)} | |age - whole| mean ${mean(gap).toFixed(2)} p90 ${q(gap, 0.9).toFixed(2)}`);
}
