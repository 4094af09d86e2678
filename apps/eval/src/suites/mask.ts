/**
 * Mask: does each face wear a medical mask, on the dev set's `mask` category
 * (real face crops and scenes; 25 pictures with a pasted surgical mask).
 *
 * Two ways in, as clients call the service:
 * - given box (`process/sample`): the face as the set gives it, its
 *   `face_box` where it has one, else the whole crop. This is the headline.
 * - detected (`process/image`): the detector finds the faces; the one that
 *   overlaps `face_box` most (else the largest) is scored. Pictures where it
 *   finds none are counted as missed and scored by the given box in the
 *   end-to-end figure.
 * Figures: accuracy, precision and recall of the masked class, per source,
 * and milliseconds per face.
 */
import { iou, type BBox } from '@facelab/core';
import type { EvalContext, EvalSuite } from '../context.ts';

interface MaskItem {
  file: string;
  mask: boolean;
  synthetic: boolean;
  width: number;
  height: number;
  source: string;
  face_box?: [number, number, number, number];
}

interface Outcome {
  item: MaskItem;
  p: number;
  value: boolean;
}

function counts(outcomes: Outcome[]): Record<string, number> {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const o of outcomes) {
    if (o.value && o.item.mask) tp++;
    else if (o.value) fp++;
    else if (o.item.mask) fn++;
    else tn++;
  }
  const n = outcomes.length;
  return { n, accuracy: round((tp + tn) / n), precision: round(tp / Math.max(1, tp + fp)), recall: round(tp / Math.max(1, tp + fn)) };
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const sourceOf = (item: MaskItem): string => (item.synthetic ? 'pasted' : item.source.split(/[/:]/)[1] ?? item.source);

function givenBox(item: MaskItem): BBox {
  if (!item.face_box) return [0, 0, 1, 1];
  const [x1, y1, x2, y2] = item.face_box;
  return [x1 / item.width, y1 / item.height, x2 / item.width, y2 / item.height];
}

async function scoreGiven(ctx: EvalContext, item: MaskItem): Promise<{ outcome: Outcome; ms: number }> {
  const body = { _image: { blob: ctx.read(item.file).toString('base64') }, objects: [{ id: 0, class: 'face', bbox: givenBox(item) }] };
  const res = await ctx.call('/mask-estimator/v2/process/sample', body);
  const m = res.json?.objects?.[0]?.has_medical_mask;
  if (res.status !== 200 || !m) throw new Error(`mask-estimator answered ${res.status} for ${item.file}: ${JSON.stringify(res.json).slice(0, 200)}`);
  return { outcome: { item, p: m.confidence, value: m.value }, ms: res.ms };
}

async function scoreDetected(ctx: EvalContext, item: MaskItem): Promise<{ outcome?: Outcome; ms: number; faces: number }> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(ctx.read(item.file))], { type: 'image/jpeg' }), item.file);
  const began = performance.now();
  const res = await (await ctx.app()).request('/mask-estimator/v2/process/image', { method: 'POST', body: form });
  const json = (await res.json()) as { objects?: { bbox: BBox; has_medical_mask?: { confidence: number; value: boolean } }[] };
  const ms = performance.now() - began;
  if (res.status !== 200) throw new Error(`mask-estimator process/image answered ${res.status} for ${item.file}`);
  const faces = (json.objects ?? []).filter((o) => o.has_medical_mask);
  if (faces.length === 0) return { ms, faces: 0 };
  const target = givenBox(item);
  const area = (b: BBox): number => (b[2] - b[0]) * (b[3] - b[1]);
  const pick = item.face_box
    ? faces.reduce((a, b) => (iou(b.bbox, target) > iou(a.bbox, target) ? b : a))
    : faces.reduce((a, b) => (area(b.bbox) > area(a.bbox) ? b : a));
  if (item.face_box && iou(pick.bbox, target) < 0.2) return { ms, faces: faces.length };
  return { outcome: { item, p: pick.has_medical_mask!.confidence, value: pick.has_medical_mask!.value }, ms, faces: faces.length };
}

export const suite: EvalSuite = {
  name: 'mask',
  async run(ctx) {
    const items = (ctx.manifest.categories.mask ?? []) as MaskItem[];
    if (items.length === 0) throw new Error('The dev set has no mask category');
    const given: Outcome[] = [];
    const givenMs: number[] = [];
    for (const item of items) {
      const { outcome, ms } = await scoreGiven(ctx, item);
      given.push(outcome);
      givenMs.push(ms);
    }
    const figures: Record<string, number | string> = {};
    const all = counts(given);
    for (const [k, v] of Object.entries(all)) figures[`given_${k}`] = v;
    figures.ms_per_face_given = round(median(givenMs), 1);
    console.log(`given box: n ${all.n}  accuracy ${pct(all.accuracy)}  precision ${pct(all.precision)}  recall ${pct(all.recall)}  median ${figures.ms_per_face_given} ms/face (one face per call)`);
    for (const source of [...new Set(items.map(sourceOf))].sort()) {
      const part = counts(given.filter((o) => sourceOf(o.item) === source));
      figures[`given_accuracy_${source}`] = part.accuracy;
      console.log(`  ${source.padEnd(26)} n ${String(part.n).padStart(3)}  accuracy ${pct(part.accuracy)}  precision ${pct(part.precision)}  recall ${pct(part.recall)}`);
    }
    const wrong = given.filter((o) => o.value !== o.item.mask).map((o) => `${o.item.file} (${o.item.mask ? 'masked' : 'bare'}, p ${o.p.toFixed(2)})`);
    if (wrong.length) console.log(`  wrong: ${wrong.join(', ')}`);

    const detected: Outcome[] = [];
    const endToEnd: Outcome[] = [];
    const detectedMs: number[] = [];
    for (const [i, item] of items.entries()) {
      const r = await scoreDetected(ctx, item);
      if (r.faces > 0) detectedMs.push(r.ms / r.faces);
      if (r.outcome) detected.push(r.outcome);
      endToEnd.push(r.outcome ?? given[i]);
    }
    const det = counts(detected);
    const e2e = counts(endToEnd);
    figures.detected_found = round(detected.length / items.length);
    for (const [k, v] of Object.entries(det)) figures[`detected_${k}`] = v;
    figures.end_to_end_accuracy = e2e.accuracy;
    figures.ms_per_face_detected = round(median(detectedMs), 1);
    console.log(`detected: face found in ${detected.length}/${items.length}; on those accuracy ${pct(det.accuracy)}  precision ${pct(det.precision)}  recall ${pct(det.recall)}; end to end (given box where none) accuracy ${pct(e2e.accuracy)}; median ${figures.ms_per_face_detected} ms/face (detect + mask)`);
    return figures;
  },
};

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
