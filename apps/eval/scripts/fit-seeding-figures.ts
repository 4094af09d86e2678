/**
 * Figures of fit-seeding.ts's output, per seeding and template variant:
 *
 *   npx tsx --conditions=source apps/eval/scripts/fit-seeding-figures.ts /tmp/i16d-seed-cal.json /tmp/i16d-seed-dev.json [previous-cal.json previous-dev.json]
 *
 * - Points: how far each seeding's five alignment points lie from the
 *   points after six mesh passes (the fixed point of MediaPipe's
 *   re-framing) and from the previous release's points (fitted-faces.ts
 *   `cal` output and the eval's faces cache of that release), as rms over
 *   the five points in inter-eye distances.
 * - Templates, as the server would send them (MobileFaceNet 4-bit; the
 *   ResNet-34 part of a fusion 8-bit): on the calibration pairs (cal: not
 *   dev) TAR at FAR 1e-3 / 1e-4 and the EER, where variants are chosen;
 *   on dev (measuring only) TAR at FAR 1e-2 ... 1e-5, EER, errors of the
 *   600 official pairs at the best threshold, and the calibration check:
 *   a verify-matcher table built from the cal pairs (as calibrate.ts
 *   builds it) read at fa_r = 1e-1 ... 1e-4 against the FAR measured on
 *   all dev pairs (worst ratio; within 2x is the target).
 *
 * The cal impostor pairs leave out the CelebA pairs that show one person
 * twice (verify-matcher's scripts/celeba-duplicates.json, found without
 * dev data by impostor-duplicates.ts), and the tables are built without
 * the old one-in-10,177 duplicate correction; FACELAB_RAW_POOL=1 scores
 * the raw pool with the correction as before (`uncorrected`: without
 * it), FACELAB_DUPLICATES=<file>
 * leaves out another list (impostor-duplicates.ts with other shares). The calibration check is
 * printed for a table built on all cal photos and on each half of them
 * (every second photo, as calibrate.ts's stride takes them), and, with no
 * dev data, for each half's table against the other half's impostors.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeTemplate, encodeTemplate } from '../../../plugins/template-extractor/src/template.ts';
import { buildCalibration } from '../../../plugins/verify-matcher/scripts/roc-table.ts';
import { duplicateLookup } from '../../../plugins/verify-matcher/scripts/impostor-duplicates.ts';
import { thresholdFor, type Calibration } from '../../../plugins/verify-matcher/src/roc.ts';
import { allPairs, bestAccuracy, eer, tarAtFar } from '../src/verification-figures.ts';

interface Photo {
  file: string;
  subject: string | null;
  v: Record<string, { pts: number[]; mfn: number[]; zooms?: number[]; r34?: number[] }> | null;
}

const trainDir = resolve(process.env.FACELAB_TRAIN_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'train'));
const RAW_POOL = process.env.FACELAB_RAW_POOL === '1' || process.env.FACELAB_RAW_POOL === 'uncorrected';
const skipImpostor = RAW_POOL ? undefined : duplicateLookup(process.env.FACELAB_DUPLICATES, trainDir);
const duplicateShare = process.env.FACELAB_RAW_POOL === '1' ? 1 / 10177 : 0;
const devDir = resolve(process.env.FACELAB_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval', 'dev'));
const CHECKED = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4];

const unitMean = (parts: ArrayLike<number>[], size: number): Float32Array => {
  const e = new Float32Array(size);
  for (const d of parts) {
    const n = Math.hypot(...Array.from(d)) || 1;
    for (let i = 0; i < size; i++) e[i] += d[i] / n;
  }
  const n = Math.hypot(...e) || 1;
  return e.map((v) => v / n);
};
const views = (flat: number[], size: number): number[][] => Array.from({ length: flat.length / size }, (_, k) => flat.slice(k * size, (k + 1) * size));
/** The 4-bit MobileFaceNet template the server sends, decoded. */
const served = (e: Float32Array): Float32Array => decodeTemplate(encodeTemplate(e), 0).embedding;
/** Fixed-scale symmetric quantisation, renormalised. */
const quantise = (e: Float32Array, bits: number, clip: number): Float32Array => {
  const levels = 2 ** (bits - 1) - 1;
  const q = Float32Array.from(e, (v) => Math.max(-levels, Math.min(levels, Math.round((v / clip) * levels))));
  const n = Math.hypot(...q) || 1;
  return q.map((v) => v / n);
};

type Variant = (p: Photo) => Float32Array | null;
const mfn = (s: string): Variant => (p) => (p.v?.[s] ? served(unitMean(views(p.v[s].mfn, 512), 512)) : null);
/** The crop alone, without its mirror (the first of the two stored views). */
const noMirror = (s: string): Variant => (p) => (p.v?.[s] ? served(unitMean([p.v[s].mfn.slice(0, 512)], 512)) : null);
const zooms = (s: string): Variant => (p) => (p.v?.[s]?.zooms ? served(unitMean([...views(p.v[s].mfn, 512), ...views(p.v[s].zooms!, 512)], 512)) : null);
const fusion = (s: string, w: number): Variant => (p) => {
  const f = p.v?.[s];
  if (!f?.r34) return null;
  const a = served(unitMean(views(f.mfn, 512), 512));
  const b = quantise(unitMean(views(f.r34, 128), 128), 8, 0.5);
  return Float32Array.from([...Array.from(a, (v) => v * Math.sqrt(1 - w)), ...Array.from(b, (v) => v * Math.sqrt(w))]);
};

function pointShift(a: number[], b: number[]): number {
  const eye = Math.hypot(a[0] - a[2], a[1] - a[3]);
  let s = 0;
  for (let i = 0; i < 10; i += 2) s += (a[i] - b[i]) ** 2 + (a[i + 1] - b[i + 1]) ** 2;
  return Math.sqrt(s / 5) / eye;
}
const quantiles = (v: number[]): string => {
  const s = [...v].sort((x, y) => x - y);
  const q = (f: number) => s[Math.floor(f * (s.length - 1))].toFixed(4);
  return `median ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)} (n ${s.length})`;
};
const FIVE = ['left_eye', 'right_eye', 'nose', 'mouth_left', 'mouth_right'];
const previousPoints = (face: any): number[] | null => (face?.keypoints ? FIVE.flatMap((k) => face.keypoints[k].proj) : null);

const [calFile, devFile, prevCal, prevDev] = process.argv.slice(2);
const cal = JSON.parse(readFileSync(calFile, 'utf8')) as Photo[];
const dev = JSON.parse(readFileSync(devFile, 'utf8')) as Photo[];
const seedings = Object.keys(cal.find((p) => p.v)!.v!);
const previous = {
  cal: prevCal ? new Map((JSON.parse(readFileSync(prevCal, 'utf8')) as any[]).map((p) => [p.file, previousPoints(p.face)])) : null,
  dev: prevDev ? new Map(Object.entries(JSON.parse(readFileSync(prevDev, 'utf8')) as Record<string, any>).map(([k, f]) => [k, previousPoints(f)])) : null,
};

console.log('## Points: rms shift of the five alignment points, in inter-eye distances');
for (const [name, set] of [['cal', cal], ['dev', dev]] as const) {
  for (const s of seedings) {
    const vsRef = set.filter((p) => p.v).map((p) => pointShift(p.v!.ref.pts, p.v![s].pts));
    const prev = previous[name];
    const vsPrev = prev ? set.filter((p) => p.v && prev.get(p.file)).map((p) => pointShift(prev.get(p.file)!, p.v![s].pts)) : [];
    console.log(`${name} ${s.padEnd(6)} vs 6 passes: ${quantiles(vsRef)}${vsPrev.length ? ` | vs previous release: ${quantiles(vsPrev)}` : ''}`);
  }
}

const devPairs = (JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8')).categories.verification as { pairs: { a: string; b: string; same: boolean }[] }).pairs;
const variants: Record<string, Variant> = {};
for (const s of seedings) variants[`mfn ${s}`] = mfn(s);
for (const s of ['box', 'box3']) if (seedings.includes(s)) variants[`mfn ${s} no mirror`] = noMirror(s);
for (const s of seedings.filter((s) => cal.find((p) => p.v?.[s]?.zooms))) {
  variants[`zooms 1/0.95/1.05 ${s}`] = zooms(s);
  for (const w of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.73, 0.85, 0.9, 0.95]) variants[`fusion w ${w} ${s}`] = fusion(s, w);
}
const only = process.env.FACELAB_VARIANTS?.split(',');
if (only) for (const name of Object.keys(variants)) if (!only.some((o) => name === o)) delete variants[name];

console.log('\n## Templates (as served): cal = calibration pairs (not dev), dev = all dev pairs; calibration = worst measured dev FAR / fa_r of a table built on cal');
console.log(`cal impostors: ${RAW_POOL ? `raw pool, duplicate correction ${duplicateShare ? '1/10177' : 'none'}` : `duplicates left out (${process.env.FACELAB_DUPLICATES ?? 'celeba-duplicates.json'}), no correction`}`);
console.log('variant | cal TAR@1e-3 | 1e-4 | cal EER | dev TAR@1e-2 | 1e-3 | 1e-4 | 1e-5 | dev EER | LFW600 errors | calibration worst ratio (at r) | ratios 1e-1..1e-4 | half 0 worst | ratios | half 1 worst | ratios | cal half 0 table on half 1 impostors: worst | ratios | half 1 on half 0 | ratios');
for (const [name, variant] of Object.entries(variants)) {
  const embed = (set: Photo[]) => set.map((p) => ({ key: p.file, identity: p.subject, embedding: variant(p) })).filter((e) => e.embedding) as { key: string; identity: string | null; embedding: Float32Array }[];
  const calEmb = embed(cal);
  const c = allPairs(calEmb, true, skipImpostor);
  const devEmb = embed(dev);
  const d = allPairs(devEmb);
  const missing = dev.length - devEmb.length;
  const pct = (v: number) => (100 * v).toFixed(2);
  const line = [name, pct(tarAtFar(c.genuine, c.impostor, 1e-3).tar), pct(tarAtFar(c.genuine, c.impostor, 1e-4).tar), pct(eer(c.genuine, c.impostor))];
  for (const far of [1e-2, 1e-3, 1e-4, 1e-5]) line.push(pct(tarAtFar(d.genuine, d.impostor, far).tar));
  line.push(pct(eer(d.genuine, d.impostor)));
  const byFile = new Map(devEmb.map((e) => [e.key, e.embedding]));
  const official = { genuine: [] as number[], impostor: [] as number[] };
  for (const pair of devPairs) {
    const a = byFile.get(pair.a);
    const b = byFile.get(pair.b);
    let dist = Infinity;
    if (a && b) dist = Math.sqrt(Math.max(0, 2 - 2 * a.reduce((s, v, i) => s + v * b[i], 0)));
    (pair.same ? official.genuine : official.impostor).push(dist);
  }
  line.push(String(Math.round((1 - bestAccuracy(official.genuine, official.impostor).accuracy) * devPairs.length)));
  // A table built on all cal photos, then on each half (every second photo of the list, as calibrate.ts's stride),
  // read against the dev impostors; then each half's table read against the other half's impostors (no dev data).
  const halves = [0, 1].map((h) => allPairs(calEmb.filter((_, i) => i % 2 === h), true, skipImpostor));
  const tables = [c, ...halves].map((pairs) => buildCalibration('x', pairs.genuine, pairs.impostor, 0.005, 2, duplicateShare) as Calibration);
  const check = (table: Calibration, impostor: Float64Array): void => {
    const ratios = CHECKED.map((r) => {
      const t = thresholdFor(table, r);
      let n = 0;
      for (const v of impostor) if (v <= t) n++;
      return n / impostor.length / r;
    });
    const worst = ratios.reduce((w, v, i) => (Math.abs(Math.log(v)) > Math.abs(Math.log(ratios[w])) ? i : w), 0);
    line.push(`${ratios[worst].toFixed(2)} (${CHECKED[worst]})`, ratios.map((v) => v.toFixed(2)).join(' '));
  };
  for (const table of tables) check(table, d.impostor);
  check(tables[1], halves[1].impostor);
  check(tables[2], halves[0].impostor);
  console.log(`${line.join(' | ')}${missing ? ` [${missing} dev photos without a face]` : ''}`);
}
