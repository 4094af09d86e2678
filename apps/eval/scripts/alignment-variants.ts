/**
 * Compares alignments of the MobileFaceNet crop on cached fitted faces
 * (apps/eval/scripts/fitted-faces.ts, or the verification eval's own
 * fitted-faces cache in /tmp):
 *
 *   npx tsx --conditions=source apps/eval/scripts/alignment-variants.ts embed dev /tmp/i16-fitted-dev.json /tmp/align-dev.json
 *   npx tsx --conditions=source apps/eval/scripts/alignment-variants.ts embed cal /tmp/i16-fitted-cal.json /tmp/align-cal.json 2
 *   npx tsx --conditions=source apps/eval/scripts/alignment-variants.ts figures /tmp/align-dev.json /tmp/align-cal.json
 *
 * `embed` stores, per photo and variant, the unit descriptors of the crop
 * and of its mirror (VARIANTS=a,b limits the variants). `figures` prints
 * for each variant (NAMES=a,b+c: `+` averages variants) and each mode
 * (single crop, mirror average, and the mirror average at 8 and 4 bits)
 * TAR at FAR 1e-3 ... 1e-5 and the EER over all pairs of the dev photos,
 * the accuracy and the error count on the 600 official pairs, and TAR and
 * EER on the calibration photos of ../shared/train (webcam genuines, CelebA
 * impostors; other identities than dev), where a choice is checked.
 *
 * Variants: `zoom Z` is the ArcFace template scaled about the crop centre
 * (arcfaceAffine's zoom; below 1 more context); `corners` takes each eye
 * centre as the middle of its two corners instead of the mean of the six
 * eye-contour points; `dy D` moves the template D crop pixels down;
 * `eyes+nose` leaves the mouth corners out of the fit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cropLength, float32Tensor, similarityTransform, v2Codec, warpToTensor, type Affine, type Point, type RawImage, type SampleObject } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { arcfaceAffine } from '../../../plugins/template-extractor/src/align.ts';
import { MOBILEFACENET } from '../../../plugins/template-extractor/src/models.ts';
import { photoBytes } from '../../../plugins/verify-matcher/scripts/calibrate.ts';
import { allPairs, bestAccuracy, eer, tarAtFar } from '../src/verification-figures.ts';

const devDir = resolve(process.env.FACELAB_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval', 'dev'));
const devSet = (): any => JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8')).categories.verification;

/** The ArcFace template in OpenCV pixels (as align.ts has it, before its +0.5). */
const ARCFACE: Record<string, Point> = { left_eye: [38.2946, 51.6963], right_eye: [73.5318, 51.5014], nose: [56.0252, 71.7366], mouth_left: [41.5493, 92.3655], mouth_right: [70.7299, 92.2041] };
const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/** A variant: the crop-to-picture map from the face (points in picture pixels). */
type Variant = (object: SampleObject, picture: RawImage, points: Record<string, Point>) => Affine;
const custom =
  (eyes: (p: Record<string, Point>) => [Point, Point], dy: number, names = Object.keys(ARCFACE)): Variant =>
  (_o, _pic, p) => {
    const [le, re] = eyes(p);
    const src: Record<string, Point> = { ...p, left_eye: le, right_eye: re };
    return similarityTransform(
      names.map((n) => [ARCFACE[n][0] + 0.5, ARCFACE[n][1] + dy + 0.5] as Point),
      names.map((n) => src[n]),
    );
  };
const zoom =
  (z: number): Variant =>
  (o, pic) =>
    arcfaceAffine(o, pic.width, pic.height, 112, 0, z);
const contour = (p: Record<string, Point>): [Point, Point] => [p.left_eye, p.right_eye];
const VARIANTS: Record<string, Variant> = {
  base: zoom(1),
  'zoom 0.85': zoom(0.85),
  'zoom 0.9': zoom(0.9),
  'zoom 0.95': zoom(0.95),
  'zoom 1.05': zoom(1.05),
  corners: custom((p) => [mid(p.left_eye_left, p.left_eye_right), mid(p.right_eye_left, p.right_eye_right)], 0),
  'dy -2': custom(contour, -2),
  'dy 2': custom(contour, 2),
  'eyes+nose': custom(contour, 0, ['left_eye', 'right_eye', 'nose']),
};

interface Embedded {
  file: string;
  subject: string | null;
  /** variant -> [crop, mirror] unit descriptors. */
  d: Record<string, [number[], number[]]>;
}

const unit = (v: ArrayLike<number>): Float32Array => {
  const n = Math.hypot(...Array.from(v)) || 1;
  return Float32Array.from(v, (x) => x / n);
};

async function embed(which: string, fittedFile: string, out: string, stride: number): Promise<void> {
  const raw = JSON.parse(readFileSync(fittedFile, 'utf8'));
  // fitted-faces.ts writes a list; the eval's cache is a map file -> face.
  const all: { file: string; subject: string | null; source: string; face: any }[] = Array.isArray(raw) ? raw : devSet().images.map((i: any) => ({ file: i.file, subject: i.identity, source: 'lfw', face: raw[i.file] }));
  const list = all.filter((_, i) => i % stride === 0);
  const chosen = Object.entries(VARIANTS).filter(([n]) => !process.env.VARIANTS || process.env.VARIANTS.split(',').includes(n));
  const codec = createSharpCodec();
  const mfn = await createOrtBackend().load(MOBILEFACENET.id);
  const len = cropLength(MOBILEFACENET.tensor);
  const result: Embedded[] = [];
  for (const [n, p] of list.entries()) {
    if (n % 200 === 0) console.log(`embed ${n}/${list.length}`);
    if (!p.face) continue;
    const bytes = which === 'dev' ? readFileSync(join(devDir, p.file)) : await photoBytes(p);
    const picture = await codec.decode(bytes);
    const object = v2Codec.decode({ objects: [p.face] }, picture).objects[0];
    const points: Record<string, Point> = {};
    for (const [k, v] of Object.entries(object.landmarks!.points)) points[k] = [v![0] * picture.width, v![1] * picture.height];
    const d: Embedded['d'] = {};
    for (const [name, variant] of chosen) {
      const crops = new Float32Array(2 * len);
      warpToTensor(picture, variant(object, picture, points), MOBILEFACENET.tensor, crops);
      for (let row = 0; row < len / 112; row++) for (let u = 0; u < 112; u++) crops[len + row * 112 + u] = crops[row * 112 + 111 - u];
      const pair: number[][] = [];
      for (let k = 0; k < 2; k++) {
        const o = (await mfn.run({ input: float32Tensor(crops.slice(k * len, (k + 1) * len), [1, 3, 112, 112]) }, ['output'])).output.data as Float32Array;
        pair.push(Array.from(unit(o), (v) => +v.toFixed(5)));
      }
      d[name] = pair as [number[], number[]];
    }
    result.push({ file: p.file, subject: p.subject, d });
  }
  writeFileSync(out, JSON.stringify(result));
}

/** Fixed-scale quantisation as template.ts does it, renormalised. */
const quantise = (e: Float32Array, bits: number, clip: number): Float32Array => {
  const levels = 2 ** (bits - 1) - 1;
  return unit(Array.from(e, (v) => Math.max(-levels, Math.min(levels, Math.round((v / clip) * levels)))));
};

function embedding(p: Embedded, name: string, mode: string): Float32Array {
  const views = name.split('+').flatMap((n) => (mode === 'single' ? [p.d[n][0]] : p.d[n]));
  const sum = new Float32Array(views[0].length);
  for (const v of views) {
    const u = unit(v);
    for (let i = 0; i < sum.length; i++) sum[i] += u[i];
  }
  const e = unit(sum);
  return mode === 'int8' ? quantise(e, 8, 0.25) : mode === 'int4' ? quantise(e, 4, 0.2) : e;
}

function figures(devFile: string, calFile?: string): void {
  const dev = JSON.parse(readFileSync(devFile, 'utf8')) as Embedded[];
  const cal = calFile ? (JSON.parse(readFileSync(calFile, 'utf8')) as Embedded[]) : [];
  const pairs = devSet().pairs as { a: string; b: string; same: boolean }[];
  const names = process.env.NAMES ? process.env.NAMES.split(',') : Object.keys(dev[0].d);
  console.log(`dev ${dev.length} photos, cal ${cal.length}; modes: single crop, mirror average (float, int8, int4)`);
  console.log(`${'variant'.padEnd(34)} dev TAR@1e-3   1e-4   1e-5    EER  LFW600 errors | cal TAR@1e-3 1e-4   EER`);
  for (const name of names) {
    for (const mode of ['single', 'mirror', 'int8', 'int4']) {
      const dv = new Map(dev.map((p) => [p.file, embedding(p, name, mode)]));
      const all = allPairs(dev.map((p) => ({ key: p.file, identity: p.subject, embedding: dv.get(p.file)! })));
      const line = [`${name} ${mode}`.padEnd(34)];
      for (const far of [1e-3, 1e-4, 1e-5]) line.push((100 * tarAtFar(all.genuine, all.impostor, far).tar).toFixed(2).padStart(7));
      line.push((100 * eer(all.genuine, all.impostor)).toFixed(2).padStart(6));
      const official = { genuine: [] as number[], impostor: [] as number[] };
      for (const pair of pairs) {
        const a = dv.get(pair.a);
        const b = dv.get(pair.b);
        let d = Infinity;
        if (a && b) d = Math.sqrt(Math.max(0, 2 - 2 * a.reduce((s, v, i) => s + v * b[i], 0)));
        (pair.same ? official.genuine : official.impostor).push(d);
      }
      const { accuracy } = bestAccuracy(official.genuine, official.impostor);
      line.push((100 * accuracy).toFixed(2).padStart(7), String(Math.round((1 - accuracy) * pairs.length)).padStart(6));
      if (cal.length > 0) {
        const c = allPairs(cal.map((p) => ({ key: p.file, identity: p.subject, embedding: embedding(p, name, mode) })), true);
        for (const far of [1e-3, 1e-4]) line.push((100 * tarAtFar(c.genuine, c.impostor, far).tar).toFixed(2).padStart(7));
        line.push((100 * eer(c.genuine, c.impostor)).toFixed(2).padStart(6));
      }
      console.log(line.join(' '));
    }
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'embed' && args.length >= 3) await embed(args[0], args[1], args[2], Number(args[3] ?? 1));
else if (command === 'figures' && args.length >= 1) figures(args[0], args[1]);
else throw new Error('usage: alignment-variants.ts embed dev|cal <fitted.json> <out.json> [stride] | figures <dev.json> [cal.json]');
