// embed dev + cal photos for several alignment variants; store per variant [crop, mirror] unit descriptors
import { readFileSync, writeFileSync } from 'node:fs';
import { float32Tensor, v2Codec, cropLength, warpToTensor, similarityTransform, type Affine, type Point, type RawImage, type SampleObject } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { MOBILEFACENET } from '../../../plugins/template-extractor/src/models.ts';
import { photoBytes } from '../../../plugins/verify-matcher/scripts/calibrate.ts';
const [which, fittedFile, out, strideArg] = process.argv.slice(2);
const stride = Number(strideArg ?? 1);
const T: Record<string, Point> = { left_eye: [38.2946, 51.6963], right_eye: [73.5318, 51.5014], nose: [56.0252, 71.7366], mouth_left: [41.5493, 92.3655], mouth_right: [70.7299, 92.2041] };
type V = (p: Record<string, Point>) => { from: Point[]; to: Point[] };
const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
const base = (eyes: (p: Record<string, Point>) => [Point, Point], scale = 1, dy = 0, names = ['left_eye', 'right_eye', 'nose', 'mouth_left', 'mouth_right']): V => (p) => {
  const [le, re] = eyes(p);
  const src: Record<string, Point> = { ...p, left_eye: le, right_eye: re };
  const from: Point[] = []; const to: Point[] = [];
  for (const n of names) { const t = T[n]; from.push([56 + (t[0] - 56) * scale + 0.5, 56 + (t[1] - 56) * scale + dy + 0.5]); to.push(src[n]); }
  return { from, to };
};
const contour = (p: Record<string, Point>): [Point, Point] => [p.left_eye, p.right_eye];
const corners = (p: Record<string, Point>): [Point, Point] => [mid(p.left_eye_left, p.left_eye_right), mid(p.right_eye_left, p.right_eye_right)];
const both = (p: Record<string, Point>): [Point, Point] => [mid(p.left_eye, mid(p.left_eye_left, p.left_eye_right)), mid(p.right_eye, mid(p.right_eye_left, p.right_eye_right))];
const VARIANTS: Record<string, V> = {
  base: base(contour),
  corners: base(corners),
  s0_95: base(contour, 0.95),
  s1_05: base(contour, 1.05),
  s0_90: base(contour, 0.9),
  s0_85: base(contour, 0.85),
  dy_m2: base(contour, 1, -2),
  dy_p2: base(contour, 1, 2),
  eyesnose: base(contour, 1, 0, ['left_eye', 'right_eye', 'nose']),
};
const raw = JSON.parse(readFileSync(fittedFile, 'utf8')) as any;
const photos = Array.isArray(raw) ? raw.filter((_: any, i: number) => i % stride === 0) : raw;
const list: { file: string; subject: string | null; source: string; face: any }[] = which === 'dev'
  ? (() => { const m = JSON.parse(readFileSync('/work/shared/eval/dev/manifest.json', 'utf8')).categories.verification; return m.images.map((i: any) => ({ file: i.file, subject: i.identity, source: 'lfw', face: photos[i.file] })); })()
  : photos;
const backend = createOrtBackend();
const codec = createSharpCodec();
const mfn = await backend.load(MOBILEFACENET.id);
const unit = (v: ArrayLike<number>) => { const n = Math.hypot(...Array.from(v)) || 1; return Array.from(v, (x) => +(x / n).toFixed(5)); };
const result: any[] = [];
const len = cropLength(MOBILEFACENET.tensor);
let ms = 0, runs = 0;
for (const [n, p] of list.entries()) {
  if (n % 200 === 0) console.log(`embed ${n}/${list.length}`);
  if (!p.face) continue;
  const bytes = which === 'dev' ? readFileSync('/work/shared/eval/dev/' + p.file) : await photoBytes(p as any);
  const picture: RawImage = await codec.decode(bytes);
  const object: SampleObject = v2Codec.decode({ objects: [p.face] }, picture).objects[0];
  const pts: Record<string, Point> = {};
  for (const [k, v] of Object.entries(object.landmarks!.points)) pts[k] = [v![0] * picture.width, v![1] * picture.height];
  const d: Record<string, number[][]> = {};
  for (const [name, v] of Object.entries(VARIANTS).filter(([n]) => !process.env.VARS || process.env.VARS.split(',').includes(n))) {
    const { from, to } = v(pts);
    const m: Affine = similarityTransform(from, to);
    const buf = new Float32Array(2 * len);
    warpToTensor(picture, m, MOBILEFACENET.tensor, buf, 0);
    for (let row = 0; row < len / 112; row++) for (let u = 0; u < 112; u++) buf[len + row * 112 + u] = buf[row * 112 + 111 - u];
    d[name] = [];
    for (let k = 0; k < 2; k++) {
      const t = performance.now();
      const o = (await mfn.run({ input: float32Tensor(buf.slice(k * len, (k + 1) * len), [1, 3, 112, 112]) }, ['output'])).output.data as Float32Array;
      ms += performance.now() - t; runs++;
      d[name].push(unit(o));
    }
  }
  result.push({ file: p.file, subject: p.subject, d });
}
writeFileSync(out, JSON.stringify(result));
console.log(`mfn ${(ms / runs).toFixed(2)} ms per crop over ${runs}`);
