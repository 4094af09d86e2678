/**
 * The official LFW pairs the verification eval gets wrong at its best
 * threshold, and the nearest misses, with the face each photo gave (box,
 * detector confidence, the five alignment points in picture pixels) and a
 * mosaic of each photo (box, points; the five in red) beside its aligned
 * 112x112 crop, to tell wrong faces and bad points from hard pairs:
 *
 *   npx tsx --conditions=source apps/eval/scripts/lfw-errors.ts <faces cache> <templates cache> /tmp/lfw-errors.png
 *
 * The caches are the ones `npm run eval verification` prints the paths of.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { decodeBase64, v2Codec } from '@facelab/core';
import { createSharpCodec } from '@facelab/runtime';
import { decodeTemplate, TEMPLATE_KEY } from '@facelab/template-extractor';
import { MOBILEFACENET } from '../../../plugins/template-extractor/src/models.ts';
import { chipBatch } from '../../../plugins/template-extractor/src/preprocess.ts';
import { bestAccuracy } from '../src/verification-figures.ts';

const devDir = resolve(process.env.FACELAB_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval', 'dev'));
const [facesFile, templatesFile, mosaic] = process.argv.slice(2);
if (!facesFile || !templatesFile) throw new Error('usage: lfw-errors.ts <faces cache> <templates cache> [mosaic.png]');
const faces = JSON.parse(readFileSync(facesFile, 'utf8')) as Record<string, any>;
const templates = JSON.parse(readFileSync(templatesFile, 'utf8')) as Record<string, any>;
const pairs = JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8')).categories.verification.pairs as { a: string; b: string; same: boolean }[];
const embedding = (file: string): Float32Array | null => {
  const t = templates[file];
  return t ? decodeTemplate({ key: TEMPLATE_KEY, dtype: t.dtype, shape: t.shape, data: decodeBase64(t.blob) }, 0).embedding : null;
};
const scored = pairs.map((p) => {
  const a = embedding(p.a);
  const b = embedding(p.b);
  const d = a && b ? Math.sqrt(Math.max(0, 2 - 2 * a.reduce((s, v, i) => s + v * b[i], 0))) : Infinity;
  return { ...p, d };
});
const { threshold, accuracy } = bestAccuracy(scored.filter((p) => p.same).map((p) => p.d), scored.filter((p) => !p.same).map((p) => p.d));
console.log(`accuracy ${(100 * accuracy).toFixed(2)}% at distance ${threshold.toFixed(3)}; wrong pairs and misses within 0.05:`);
const FIVE = ['left_eye', 'right_eye', 'nose', 'mouth_left', 'mouth_right'];
const shown = scored.filter((p) => Math.abs(p.d - threshold) < 0.05 || (p.same ? p.d > threshold : p.d < threshold)).sort((x, y) => x.d - y.d);
const tiles: { input: Buffer; left: number; top: number }[] = [];
const codec = createSharpCodec();
for (const p of shown) {
  const wrong = p.same ? p.d > threshold : p.d < threshold;
  console.log(`${wrong ? 'WRONG' : 'near '} ${p.same ? 'genuine ' : 'impostor'} distance ${p.d.toFixed(3)}  ${p.a}  ${p.b}`);
  for (const file of [p.a, p.b]) {
    const bytes = readFileSync(join(devDir, file));
    const picture = await codec.decode(bytes);
    const face = faces[file];
    if (!face) {
      console.log(`    ${file}: no face`);
      continue;
    }
    const px = (v: number[]): string => `${Math.round(v[0] * picture.width)},${Math.round(v[1] * picture.height)}`;
    console.log(`    ${file.split('/').pop()}: box ${px(face.bbox.slice(0, 2))}-${px(face.bbox.slice(2))} confidence ${face.confidence.toFixed(3)}; ${FIVE.map((n) => `${n} ${px(face.keypoints[n].proj)}`).join(' ')}`);
    if (!mosaic || !wrong) continue;
    const object = v2Codec.decode({ objects: [face] }, picture).objects[0];
    const batch = chipBatch(picture, [{ object, index: 0 }], MOBILEFACENET);
    const rgb = Buffer.alloc(112 * 112 * 3);
    const { mean, std } = MOBILEFACENET.tensor;
    // The batch is BGR planes; back to RGB pixels.
    for (let i = 0; i < 112 * 112; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.max(0, Math.min(255, Math.round(batch[(2 - c) * 112 * 112 + i] * std[2 - c] + mean[2 - c])));
    const crop = await sharp(rgb, { raw: { width: 112, height: 112, channels: 3 } }).resize(224, 224).png().toBuffer();
    const [w, h] = [picture.width, picture.height];
    const dots = Object.entries(face.keypoints)
      .filter(([, v]: any) => v.proj)
      .map(([n, v]: any) => `<circle cx="${v.proj[0] * w}" cy="${v.proj[1] * h}" r="2" fill="${FIVE.includes(n) ? 'red' : 'yellow'}"/>`)
      .join('');
    const [x0, y0, x1, y1] = face.bbox;
    const svg = `<svg width="${w}" height="${h}"><rect x="${x0 * w}" y="${y0 * h}" width="${(x1 - x0) * w}" height="${(y1 - y0) * h}" fill="none" stroke="lime"/>${dots}</svg>`;
    const marked = await sharp(bytes).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
    const photo = await sharp(marked).resize(224, 224, { fit: 'contain' }).png().toBuffer();
    const row = tiles.length / 2;
    tiles.push({ input: photo, left: 0, top: row * 224 }, { input: crop, left: 224, top: row * 224 });
  }
}
if (mosaic && tiles.length > 0) {
  await sharp({ create: { width: 448, height: (tiles.length / 2) * 224, channels: 3, background: 'black' } }).composite(tiles).png().toFile(mosaic);
  console.log(`mosaic of the wrong pairs' photos (photo, aligned crop): ${mosaic}`);
}
