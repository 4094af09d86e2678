/**
 * Quality: the 29 fields of quality-assessment-estimator on the dev photos.
 * The dev set has no quality labels, so the suite reports what the measures
 * read on real photos (the distribution of each measure, the share of faces
 * passing each boolean) and what they cost, plus the one check the labels
 * allow: notMasked against the `mask` category's labels, both as process/image
 * gives it (the mask unit, when the server's pipeline has it) and as
 * process/sample gives it when the request carries fitted landmarks but no
 * mask (the lip-redness fallback).
 *
 * Sets: face_boxes (scenes, several faces each), landmarks68, the first 100
 * LFW photos of `verification`, and up to 60 masked and 60 unmasked photos of
 * `mask`. Time per face is the quality unit's own time (Server-Timing) over
 * the faces it measured; the end-to-end process/image time per face is given too.
 */
import type { EvalContext, EvalSuite } from '../context.ts';

const SERVICE = '/quality-assessment-estimator/v2/process';
const FITTER = '/face-detector-face-fitter/v2/process/image';

interface Item {
  file: string;
  mask?: boolean;
}

type Quality = Record<string, number | boolean>;

interface ImageRun {
  faces: { quality: Quality; bbox: number[]; maskUnit: boolean }[];
  qualityMs: number;
  totalMs: number;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

function serverTiming(header: string | null, name: string): number {
  const match = header?.split(',').map((s) => s.trim()).find((s) => s.startsWith(`${name};`));
  return match ? Number(match.split('dur=')[1]) : Number.NaN;
}

async function postImage(ctx: EvalContext, path: string, file: string): Promise<{ status: number; json: any; timing: string | null }> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(ctx.read(file))], { type: 'image/jpeg' }), file);
  const res = await (await ctx.app()).request(path, { method: 'POST', body: form });
  return { status: res.status, json: await res.json(), timing: res.headers.get('Server-Timing') };
}

async function assessImage(ctx: EvalContext, file: string): Promise<ImageRun> {
  const res = await postImage(ctx, `${SERVICE}/image`, file);
  if (res.status !== 200) throw new Error(`quality process/image answered ${res.status} for ${file}: ${JSON.stringify(res.json).slice(0, 200)}`);
  const faces = (res.json.objects ?? []).filter((o: any) => o.quality).map((o: any) => ({ quality: o.quality, bbox: o.bbox, maskUnit: o.has_medical_mask !== undefined }));
  return { faces, qualityMs: serverTiming(res.timing, 'quality'), totalMs: serverTiming(res.timing, 'total') };
}

/** The largest face of a picture, fitted, then assessed through process/sample without a mask attribute. */
async function assessSampleRoute(ctx: EvalContext, file: string): Promise<Quality | undefined> {
  const fitted = await postImage(ctx, FITTER, file);
  if (fitted.status !== 200) throw new Error(`face fitter answered ${fitted.status} for ${file}`);
  const faces = (fitted.json.objects ?? []).filter((o: any) => o.keypoints);
  if (faces.length === 0) return undefined;
  const area = (o: any): number => (o.bbox[2] - o.bbox[0]) * (o.bbox[3] - o.bbox[1]);
  const face = faces.reduce((a: any, b: any) => (area(b) > area(a) ? b : a));
  const res = await ctx.call(`${SERVICE}/sample`, { _image: { blob: ctx.read(file).toString('base64') }, objects: [face] });
  if (res.status !== 200) throw new Error(`quality process/sample answered ${res.status} for ${file}: ${JSON.stringify(res.json).slice(0, 200)}`);
  return res.json.objects[0].quality;
}

function largest(run: ImageRun): ImageRun['faces'][number] | undefined {
  if (run.faces.length === 0) return undefined;
  const area = (b: number[]): number => (b[2] - b[0]) * (b[3] - b[1]);
  return run.faces.reduce((a, b) => (area(b.bbox) > area(a.bbox) ? b : a));
}

function distribution(label: string, qualities: Quality[]): void {
  if (qualities.length === 0) return;
  console.log(`\n${label}: ${qualities.length} faces`);
  for (const key of Object.keys(qualities[0])) {
    const values = qualities.map((q) => q[key]);
    if (typeof values[0] === 'boolean') {
      console.log(`  ${key.padEnd(30)} true for ${round((100 * values.filter(Boolean).length) / values.length, 1)} %`);
    } else {
      const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const [p10, p50, p90] = [0.1, 0.5, 0.9].map((q) => round(quantile(xs, q), 2));
      console.log(`  ${key.padEnd(30)} min ${round(Math.min(...xs), 2)}  p10 ${p10}  median ${p50}  p90 ${p90}  max ${round(Math.max(...xs), 2)}`);
    }
  }
}

function agreement(pairs: { label: boolean; notMasked: boolean }[]): Record<string, number> {
  const correct = pairs.filter((p) => p.notMasked === !p.label).length;
  const masked = pairs.filter((p) => p.label);
  const caught = masked.filter((p) => !p.notMasked).length;
  const bare = pairs.filter((p) => !p.label);
  const falseAlarm = bare.filter((p) => !p.notMasked).length;
  return { n: pairs.length, accuracy: round(correct / Math.max(1, pairs.length)), maskedFound: round(caught / Math.max(1, masked.length)), bareFlagged: round(falseAlarm / Math.max(1, bare.length)) };
}

export const suite: EvalSuite = {
  name: 'quality',
  async run(ctx) {
    const listed = await (await (await ctx.app()).request('/services')).json();
    if (!listed.services.some((s: { name: string }) => s.name === 'quality-assessment-estimator')) {
      console.log('quality-assessment-estimator is not in this server (apps/server/src/plugins.ts); nothing to measure');
      return {};
    }
    const cats = ctx.manifest.categories as Record<string, any>;
    const sets: Record<string, Item[]> = {
      face_boxes: (cats.face_boxes ?? []).map((i: any) => ({ file: i.file })),
      landmarks68: [...new Set<string>((cats.landmarks68 ?? []).map((i: any) => i.file))].map((file) => ({ file })),
      lfw: (cats.verification?.images ?? []).slice(0, 100).map((i: any) => ({ file: i.file })),
      mask: [
        ...(cats.mask ?? []).filter((i: any) => i.mask).slice(0, 60),
        ...(cats.mask ?? []).filter((i: any) => !i.mask).slice(0, 60),
      ].map((i: any) => ({ file: i.file, mask: i.mask })),
    };
    const all: Quality[] = [];
    const perFace: number[] = [];
    const endToEnd: number[] = [];
    const viaUnit: { label: boolean; notMasked: boolean }[] = [];
    const viaFallback: { label: boolean; notMasked: boolean }[] = [];
    let maskUnitRan = false;
    let images = 0;
    let withoutFace = 0;
    for (const [name, items] of Object.entries(sets)) {
      const qualities: Quality[] = [];
      for (const item of items) {
        const run = await assessImage(ctx, item.file);
        images++;
        if (run.faces.length === 0) {
          withoutFace++;
          continue;
        }
        qualities.push(...run.faces.map((f) => f.quality));
        perFace.push(run.qualityMs / run.faces.length);
        endToEnd.push(run.totalMs / run.faces.length);
        if (item.mask !== undefined) {
          const main = largest(run)!;
          maskUnitRan ||= main.maskUnit;
          viaUnit.push({ label: item.mask, notMasked: main.quality.not_masked as boolean });
          const sample = await assessSampleRoute(ctx, item.file);
          if (sample) viaFallback.push({ label: item.mask, notMasked: sample.not_masked as boolean });
        }
      }
      distribution(name, qualities);
      all.push(...qualities);
    }
    distribution('all sets', all);
    const unit = agreement(viaUnit);
    const fallback = agreement(viaFallback);
    const figures: Record<string, number> = {
      images,
      faces: all.length,
      images_without_face: withoutFace,
      quality_ms_per_face_median: round(quantile(perFace, 0.5), 1),
      quality_ms_per_face_p90: round(quantile(perFace, 0.9), 1),
      process_image_ms_per_face_median: round(quantile(endToEnd, 0.5), 1),
      // process/image uses the mask unit when the server's pipeline has it, the lip fallback otherwise.
      process_image_mask_unit: maskUnitRan ? 1 : 0,
      not_masked_accuracy_process_image: unit.accuracy,
      not_masked_accuracy_lip_fallback: fallback.accuracy,
      lip_fallback_masked_found: fallback.maskedFound,
      lip_fallback_bare_flagged: fallback.bareFlagged,
    };
    for (const key of ['total_score', 'sharpness_score', 'illumination_score', 'eyes_distance', 'noise_score', 'dynamic_range_score', 'background_uniformity_score']) {
      figures[`median_${key}`] = round(quantile(all.map((q) => q[key] as number), 0.5), 2);
    }
    console.log('\nnotMasked vs the mask labels (largest face):', { processImage: unit, processSampleFallback: fallback });
    console.log(figures);
    return figures;
  },
};
