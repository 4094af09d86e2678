/**
 * Compares descriptor variants on cached fitted faces (fitted-faces.ts):
 *
 *   npx tsx --conditions=source apps/eval/scripts/compare-templates.ts embed dev /tmp/i16-fitted-dev.json /tmp/i16-emb-dev.json
 *   npx tsx --conditions=source apps/eval/scripts/compare-templates.ts embed cal /tmp/i16-fitted-cal.json /tmp/i16-emb-cal.json 3
 *   npx tsx --conditions=source apps/eval/scripts/compare-templates.ts figures /tmp/i16-emb-dev.json /tmp/i16-emb-cal.json
 *
 * `embed` stores, per photo, the L2-normalised descriptors of the aligned
 * crop and of its mirror for the ResNet-34 and for the MobileFaceNet in
 * BGR and in RGB order, and the model time per crop. `figures` prints, for
 * each variant (single crop or mirror average, fusions, quantisations),
 * TAR at FAR 1e-2 ... 1e-5 and the EER over all pairs of the dev photos,
 * accuracy on the 600 official pairs, and the same TARs on the
 * calibration photos of ../shared/train (other identities than dev: webcam
 * genuines, CelebA impostors), where the choice is checked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { float32Tensor, v2Codec, type RawImage } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { FACEAPI_RESNET34, MOBILEFACENET, type DescriptorModel } from '../../../plugins/template-extractor/src/models.ts';
import { chipBatch } from '../../../plugins/template-extractor/src/preprocess.ts';
import { photoBytes } from '../../../plugins/verify-matcher/scripts/calibrate.ts';
import { allPairs, bestAccuracy, eer, tarAtFar } from '../src/verification-figures.ts';
import type { FittedPhoto } from './fitted-faces.ts';

// The dev set, read directly (the eval context would load the whole server).
const devDir = resolve(process.env.FACELAB_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval', 'dev'));
const devManifest = (): any => JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8'));

interface EmbeddedPhoto {
  file: string;
  subject: string | null;
  /** variant -> [crop descriptor, mirror descriptor], each unit length. */
  d: Record<string, [number[], number[]]>;
}

const unit = (v: ArrayLike<number>): number[] => {
  const n = Math.hypot(...Array.from(v)) || 1;
  return Array.from(v, (x) => x / n);
};

async function embed(which: string, input: string, out: string, stride = 1): Promise<void> {
  // A stride keeps every stride-th photo (the calibration set is three times dev's size).
  const photos = (JSON.parse(readFileSync(input, 'utf8')) as FittedPhoto[]).filter((_, i) => i % stride === 0);
  const backend = createOrtBackend();
  const codec = createSharpCodec();
  const r34 = await backend.load(FACEAPI_RESNET34.id);
  const mfn = await backend.load(MOBILEFACENET.id);
  const rgb: DescriptorModel = { ...MOBILEFACENET, tensor: { ...MOBILEFACENET.tensor, channels: 'rgb' } };
  const ms = { r34: 0, mfn: 0, crops: 0 };
  const result: EmbeddedPhoto[] = [];
  for (const [n, p] of photos.entries()) {
    if (n % 200 === 0) console.log(`embed ${n}/${photos.length}`);
    if (!p.face) continue;
    const bytes = which === 'dev' ? readFileSync(join(devDir, p.file)) : await photoBytes({ file: p.file, subject: p.subject, source: p.source });
    const picture: RawImage = await codec.decode(bytes);
    const object = v2Codec.decode({ objects: [p.face] }, picture).objects[0];
    const faces = [{ object, index: 0 }];
    const d: EmbeddedPhoto['d'] = {};
    let t = performance.now();
    const r = (await r34.run({ input: float32Tensor(chipBatch(picture, faces, FACEAPI_RESNET34), [2, 3, 150, 150]) }, ['descriptor'])).descriptor.data as Float32Array;
    ms.r34 += performance.now() - t;
    d.r34 = [unit(r.subarray(0, 128)), unit(r.subarray(128))];
    for (const [name, model] of [['mfn_bgr', MOBILEFACENET], ['mfn_rgb', rgb]] as const) {
      const batch = chipBatch(picture, faces, model);
      const len = 3 * 112 * 112;
      const pair: number[][] = [];
      for (let k = 0; k < 2; k++) {
        t = performance.now();
        const o = (await mfn.run({ input: float32Tensor(batch.slice(k * len, (k + 1) * len), [1, 3, 112, 112]) }, ['output'])).output.data as Float32Array;
        ms.mfn += performance.now() - t;
        pair.push(unit(o));
      }
      d[name] = pair as [number[], number[]];
    }
    ms.crops += 1;
    result.push({ file: p.file, subject: p.subject, d });
  }
  writeFileSync(out, JSON.stringify(result));
  console.log(`model ms per face: r34 ${(ms.r34 / ms.crops).toFixed(1)} (crop + mirror, one batch), mfn ${(ms.mfn / ms.crops / 4).toFixed(1)} per crop`);
}

type Embedder = (p: EmbeddedPhoto) => Float32Array;

const mean = (a: number[], b: number[]): number[] => unit(a.map((v, i) => v + b[i]));
const variants = (sigma: Record<string, number>): Record<string, Embedder> => {
  const single = (name: string): Embedder => (p) => Float32Array.from(p.d[name][0]);
  const flip = (name: string): Embedder => (p) => Float32Array.from(mean(...p.d[name]));
  // Fusion: concatenated unit vectors weighted by 1/sigma of each model's impostor
  // cosines on the calibration photos, i.e. the sum of z-scaled cosines.
  const fuse = (p: EmbeddedPhoto): Float32Array => {
    const a = mean(...p.d.r34).map((v) => v / Math.sqrt(sigma.r34));
    const b = mean(...p.d.mfn_bgr).map((v) => v / Math.sqrt(sigma.mfn_bgr));
    return Float32Array.from(unit([...a, ...b]));
  };
  return {
    r34: single('r34'),
    'r34 flip-avg': flip('r34'),
    'mfn bgr': single('mfn_bgr'),
    'mfn bgr flip-avg': flip('mfn_bgr'),
    'mfn rgb': single('mfn_rgb'),
    'mfn rgb flip-avg': flip('mfn_rgb'),
    'fusion r34+mfn bgr (flip-avg, z-weighted)': fuse,
  };
};

/** Fixed-scale symmetric quantisation to `bits`, clipped at `clip`, then renormalised (what a decoder sees). */
function quantise(e: Float32Array, bits: number, clip: number): Float32Array {
  const levels = 2 ** (bits - 1) - 1;
  const q = bits === 1 ? Float32Array.from(e, (v) => (v >= 0 ? 1 : -1)) : Float32Array.from(e, (v) => Math.max(-levels, Math.min(levels, Math.round((v / clip) * levels))));
  const n = Math.hypot(...q) || 1;
  return q.map((v) => v / n);
}

function figures(devFile: string, calFile?: string): void {
  const dev = JSON.parse(readFileSync(devFile, 'utf8')) as EmbeddedPhoto[];
  const cal = calFile ? (JSON.parse(readFileSync(calFile, 'utf8')) as EmbeddedPhoto[]) : [];
  // Impostor cosine spread of each model on the calibration CelebA crops (not dev); equal weights without them.
  const celeba = cal.filter((p) => p.subject === null).slice(0, 400);
  const sigma: Record<string, number> = { r34: 1, mfn_bgr: 1 };
  for (const name of celeba.length > 0 ? ['r34', 'mfn_bgr'] : []) {
    const cos: number[] = [];
    for (let i = 0; i < celeba.length; i++) for (let j = i + 1; j < celeba.length; j++) cos.push(mean(...celeba[i].d[name]).reduce((s, v, k) => s + v * mean(...celeba[j].d[name])[k], 0));
    const m = cos.reduce((s, v) => s + v, 0) / cos.length;
    sigma[name] = Math.sqrt(cos.reduce((s, v) => s + (v - m) ** 2, 0) / cos.length);
  }
  console.log('impostor cosine sd on calibration CelebA crops:', sigma);
  const devSet = devManifest().categories.verification as { pairs: { a: string; b: string; same: boolean }[] };
  const report = (name: string, embedder: Embedder): void => {
    const line = [name.padEnd(44)];
    const dv = new Map(dev.map((p) => [p.file, embedder(p)]));
    const all = allPairs(dev.map((p) => ({ key: p.file, identity: p.subject, embedding: dv.get(p.file)! })));
    for (const far of [1e-2, 1e-3, 1e-4, 1e-5]) line.push(`${(100 * tarAtFar(all.genuine, all.impostor, far).tar).toFixed(2)}`.padStart(7));
    line.push(`${(100 * eer(all.genuine, all.impostor)).toFixed(2)}`.padStart(6));
    const official = { genuine: [] as number[], impostor: [] as number[] };
    const dist = (a: Float32Array, b: Float32Array): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
    for (const pair of devSet.pairs) {
      const a = dv.get(pair.a);
      const b = dv.get(pair.b);
      (pair.same ? official.genuine : official.impostor).push(a && b ? dist(a, b) : Infinity);
    }
    line.push(`${(100 * bestAccuracy(official.genuine, official.impostor).accuracy).toFixed(2)}`.padStart(7));
    if (cal.length > 0) {
      const c = allPairs(cal.map((p) => ({ key: p.file, identity: p.subject, embedding: embedder(p) })), true);
      for (const far of [1e-3, 1e-4]) line.push(`${(100 * tarAtFar(c.genuine, c.impostor, far).tar).toFixed(2)}`.padStart(8));
      line.push(`${(100 * eer(c.genuine, c.impostor)).toFixed(2)}`.padStart(7));
    }
    console.log(line.join(' '));
  };
  console.log(`dev: ${dev.length} photos; cal: ${cal.length} photos`);
  console.log(`${'variant'.padEnd(44)} TAR@1e-2 1e-3  1e-4   1e-5   EER  LFW600 | cal TAR@1e-3 1e-4  EER`);
  const v = variants(sigma);
  for (const [name, e] of Object.entries(v)) report(name, e);
  for (const base of ['mfn bgr flip-avg', 'fusion r34+mfn bgr (flip-avg, z-weighted)']) {
    for (const [bits, clip] of [[8, 0.5], [8, 0.25], [6, 0.25], [5, 0.2], [4, 0.2], [4, 0.15], [4, 0.12], [3, 0.12], [2, 0.1], [1, 1]] as const) {
      report(`${base} int${bits} clip ${clip}`, (p) => quantise(v[base](p), bits, clip));
    }
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'embed') await embed(args[0], args[1], args[2], Number(args[3] ?? 1));
else if (command === 'figures') figures(args[0], args[1]);
else throw new Error('usage: compare-templates.ts embed dev|cal <fitted.json> <out.json> [stride] | figures <dev.json> <cal.json>');
