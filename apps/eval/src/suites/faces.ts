/**
 * Face detection and fitting on the dev set.
 *
 * Boxes (`face_boxes`, through /face-detector/v2/process/sample at the
 * default threshold): recall and precision at IoU 0.5 for faces whose box's
 * shorter side is at least 32 px (a detection that matches a smaller face,
 * or is itself smaller than 32 px and matches nothing, is neither right nor
 * wrong), mean IoU of the matches, recall at IoU 0.3 (found but framed
 * differently from the annotation), recall of masked and unmasked faces.
 * Most pictures are marked `annotation_complete: false` (annotators skipped
 * faces), so precision is given twice: on the completely annotated pictures,
 * and over all pictures counting every unmatched detection as false (a lower
 * bound). An AP@0.5 over a low-threshold run traces the whole curve.
 *
 * The box counts again on labelled scenes that are not dev data (mosaics
 * of ../shared/train/mask's andrewmvd crops), to check that what was
 * chosen holds elsewhere.
 *
 * Landmarks (`landmarks68`, through /face-detector-face-fitter): the error
 * of 19 of the 21 points (all but the ears, which have no iBUG point) over
 * the outer-eye-corner distance, per face, for the faces the detector finds.
 * Head pose: mean absolute error where `head_pose` entries exist.
 * Time per image: the HTTP call in process, for both services, on the dev
 * pictures and on the face-api demo photos (1920 px wide) when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalContext, EvalSuite } from '../context.ts';
import { detectionFigures, type ImageResult } from './bodies.ts';
import { mosaicScenes } from '../face-mosaics.ts';

type Box = [number, number, number, number];
type Point = [number, number];

const MIN_FACE = 32;
const CURVE_THRESHOLD = 0.2;
/** The contract's points and their iBUG-68 counterparts (a list is averaged). */
const IBUG: Record<string, number[]> = {
  left_eye_brow_left: [17], left_eye_brow_up: [19], left_eye_brow_right: [21],
  right_eye_brow_left: [22], right_eye_brow_up: [24], right_eye_brow_right: [26],
  left_eye_left: [36], left_eye: [36, 37, 38, 39, 40, 41], left_eye_right: [39],
  right_eye_left: [42], right_eye: [42, 43, 44, 45, 46, 47], right_eye_right: [45],
  nose_left: [31], nose: [30], nose_right: [35],
  mouth_left: [48], mouth: [62, 66], mouth_right: [54], chin: [8],
};

interface BoxItem { file: string; boxes: Box[]; box_labels?: string[]; box_style?: string; annotation_complete?: boolean; width: number; height: number }
interface MarkItem { file: string; points: Point[]; face_box: Box | null; width: number; height: number }
interface PoseItem { file: string; yaw: number; pitch: number; roll: number; face_box?: Box | null; width: number; height: number }

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const side = (b: Box): number => Math.min(b[2] - b[0], b[3] - b[1]);

function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy;
  return union > 0 ? (ix * iy) / union : 0;
}

async function call(ctx: EvalContext, service: string, file: string | Buffer, query = ''): Promise<{ objects: any[]; ms: number }> {
  const bytes = typeof file === 'string' ? ctx.read(file) : file;
  const res = await ctx.call(`/${service}/v2/process/sample${query}`, { _image: { blob: bytes.toString('base64') } });
  if (res.status !== 200) throw new Error(`${service} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 200)}`);
  return { objects: (res.json.objects ?? []).filter((o: any) => o.class === 'face'), ms: res.ms };
}

const toPixels = (o: any, w: number, h: number): Box => [o.bbox[0] * w, o.bbox[1] * h, o.bbox[2] * w, o.bbox[3] * h];

export interface BoxCounts {
  tp: number;
  fn: number;
  fp: number;
  fpComplete: number;
  tpComplete: number;
  ious: number[];
  masked: [number, number];
  unmasked: [number, number];
  /** [found, total] per group of faces (size in px, size against the picture's longest side, mask state, box style). */
  groups: Record<string, [number, number]>;
}

/** The groups a face of 32 px or more counts in, for the breakdown of where faces are lost. */
function groupsOf(item: BoxItem, j: number): string[] {
  const s = side(item.boxes[j]);
  const share = s / Math.max(item.width, item.height);
  const label = item.box_labels?.[j] ?? 'without_mask';
  return [
    `px ${s < 48 ? '32-47' : s < 64 ? '48-63' : s < 96 ? '64-95' : s < 160 ? '96-159' : '160+'}`,
    `of side ${share < 0.05 ? '<5%' : share < 0.1 ? '5-10%' : share < 0.2 ? '10-20%' : '20%+'}`,
    `mask ${label === 'without_mask' ? 'none' : label === 'with_mask' ? 'worn' : 'worn wrongly'}`,
    `boxes ${item.box_style ?? 'unknown'}`,
  ];
}

/** Greedy matching by score at `minIou`, with the size rule of the module comment. */
export function countBoxes(items: BoxItem[], detections: { box: Box; score: number }[][], minIou: number): BoxCounts {
  const c: BoxCounts = { tp: 0, fn: 0, fp: 0, fpComplete: 0, tpComplete: 0, ious: [], masked: [0, 0], unmasked: [0, 0], groups: {} };
  items.forEach((item, k) => {
    const taken = item.boxes.map(() => false);
    const complete = item.annotation_complete !== false;
    for (const d of [...detections[k]].sort((a, b) => b.score - a.score)) {
      let best = -1;
      let bestIou = minIou;
      item.boxes.forEach((t, j) => {
        const o = iou(d.box, t);
        if (!taken[j] && o >= bestIou) [best, bestIou] = [j, o];
      });
      if (best >= 0) {
        taken[best] = true;
        if (side(item.boxes[best]) >= MIN_FACE) {
          c.tp++;
          c.ious.push(bestIou);
          if (complete) c.tpComplete++;
        }
      } else if (side(d.box) >= MIN_FACE && !item.boxes.some((t) => iou(d.box, t) >= minIou)) {
        c.fp++;
        if (complete) c.fpComplete++;
      }
    }
    item.boxes.forEach((t, j) => {
      if (side(t) < MIN_FACE) return;
      if (!taken[j]) c.fn++;
      const bucket = (item.box_labels?.[j] ?? 'without_mask') === 'without_mask' ? c.unmasked : c.masked;
      bucket[1]++;
      if (taken[j]) bucket[0]++;
      for (const g of groupsOf(item, j)) {
        const counts = (c.groups[g] ??= [0, 0]);
        counts[1]++;
        if (taken[j]) counts[0]++;
      }
    });
  });
  return c;
}

async function boxes(ctx: EvalContext): Promise<Record<string, number>> {
  const items = ctx.manifest.categories.face_boxes as BoxItem[];
  const served: { box: Box; score: number }[][] = [];
  const curve: ImageResult[] = [];
  const ms: number[] = [];
  for (const item of items) {
    const plain = await call(ctx, 'face-detector', item.file);
    ms.push(plain.ms);
    served.push(plain.objects.map((o) => ({ box: toPixels(o, item.width, item.height), score: o.confidence })));
    const low = await call(ctx, 'face-detector', item.file, `?face_threshold=${CURVE_THRESHOLD}`);
    // The curve counts only faces of 32 px and more; smaller truth and detections drop out.
    curve.push({
      truth: item.boxes.filter((b) => side(b) >= MIN_FACE),
      detections: low.objects.map((o) => ({ box: toPixels(o, item.width, item.height), score: o.confidence })).filter((d) => side(d.box) >= MIN_FACE),
    });
  }
  const at50 = countBoxes(items, served, 0.5);
  const at30 = countBoxes(items, served, 0.3);
  const f = {
    faces: at50.tp + at50.fn,
    recall: round(at50.tp / (at50.tp + at50.fn)),
    precisionComplete: round(at50.tpComplete / Math.max(1, at50.tpComplete + at50.fpComplete)),
    completeImages: items.filter((i) => i.annotation_complete !== false).length,
    precisionAllLowerBound: round(at50.tp / Math.max(1, at50.tp + at50.fp)),
    meanIou: round(mean(at50.ious)),
    recallIou30: round(at30.tp / (at30.tp + at30.fn)),
    recallMasked: round(at50.masked[0] / at50.masked[1]),
    recallUnmasked: round(at50.unmasked[0] / at50.unmasked[1]),
    ap50: round(detectionFigures(curve, 1).ap),
    detectMsMedian: round(median(ms), 1),
  };
  console.log(`face boxes: ${items.length} pictures, ${f.faces} faces >= ${MIN_FACE} px (${at50.masked[1]} masked)`);
  console.log(`IoU 0.5: recall ${f.recall} (masked ${f.recallMasked}, unmasked ${f.recallUnmasked}), mean IoU ${f.meanIou}; at IoU 0.3 recall ${f.recallIou30}`);
  console.log(`precision: ${f.precisionComplete} on the ${f.completeImages} completely annotated pictures; ${f.precisionAllLowerBound} over all (unannotated faces count as false: a lower bound)`);
  console.log('where faces are lost (recall at IoU 0.5 | at IoU 0.3, faces):');
  for (const g of Object.keys(at50.groups).sort()) {
    const [found, total] = at50.groups[g];
    console.log(`  ${g.padEnd(20)} ${(found / total).toFixed(3)} | ${(at30.groups[g][0] / total).toFixed(3)}  (${total})`);
  }
  console.log(`AP@0.5 (threshold ${CURVE_THRESHOLD} run, faces >= ${MIN_FACE} px) ${f.ap50}; face-detector ms per picture: median ${f.detectMsMedian}`);
  return f;
}

/** The same counts on labelled scenes that are not dev data (see face-mosaics.ts), when ../shared/train is there. */
async function nonDevScenes(ctx: EvalContext): Promise<Record<string, number>> {
  const scenes = await mosaicScenes(join(ctx.dir, '..', '..', 'train', 'mask'));
  if (scenes.length === 0) return {};
  const items: BoxItem[] = scenes.map((s, i) => ({ file: `mosaic${i}`, boxes: s.boxes, box_labels: s.box_labels, box_style: 'andrewmvd', width: s.width, height: s.height }));
  const found: { box: Box; score: number }[][] = [];
  for (const s of scenes) found.push((await call(ctx, 'face-detector', s.bytes)).objects.map((o) => ({ box: toPixels(o, s.width, s.height), score: o.confidence })));
  const c = countBoxes(items, found, 0.5);
  const f = {
    mosaicFaces: c.tp + c.fn,
    mosaicRecall: round(c.tp / (c.tp + c.fn)),
    mosaicPrecision: round(c.tpComplete / Math.max(1, c.tpComplete + c.fpComplete)),
    mosaicRecallMasked: round(c.masked[0] / c.masked[1]),
    mosaicRecallUnmasked: round(c.unmasked[0] / c.unmasked[1]),
  };
  console.log(`not dev data: ${scenes.length} mosaics of the andrewmvd crops in ../shared/train/mask, ${f.mosaicFaces} faces >= ${MIN_FACE} px: recall ${f.mosaicRecall} (masked ${f.mosaicRecallMasked}, unmasked ${f.mosaicRecallUnmasked}), precision ${f.mosaicPrecision}`);
  return f;
}

async function landmarks(ctx: EvalContext): Promise<Record<string, number>> {
  const items = ctx.manifest.categories.landmarks68 as MarkItem[];
  const replies = new Map<string, { objects: any[]; ms: number }>();
  const errors: number[] = [];
  const perPoint: Record<string, number[]> = {};
  let missed = 0;
  for (const item of items) {
    if (!replies.has(item.file)) replies.set(item.file, await call(ctx, 'face-detector-face-fitter', item.file));
    const { objects } = replies.get(item.file)!;
    const xs = item.points.map((p) => p[0]);
    const ys = item.points.map((p) => p[1]);
    const truthBox: Box = item.face_box ?? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const face = objects.map((o) => ({ o, overlap: iou(toPixels(o, item.width, item.height), truthBox) })).sort((a, b) => b.overlap - a.overlap)[0];
    if (!face || face.overlap < 0.2) {
      missed++;
      continue;
    }
    const iod = Math.hypot(item.points[36][0] - item.points[45][0], item.points[36][1] - item.points[45][1]);
    const dists = Object.entries(IBUG).map(([name, idx]) => {
      const t = idx.reduce((s, i) => [s[0] + item.points[i][0] / idx.length, s[1] + item.points[i][1] / idx.length], [0, 0]);
      const [x, y] = face.o.keypoints[name].proj;
      const d = Math.hypot(x * item.width - t[0], y * item.height - t[1]) / iod;
      (perPoint[name] ??= []).push(d);
      return d;
    });
    errors.push(mean(dists));
  }
  const f = {
    landmarkFaces: items.length,
    landmarkMissed: missed,
    nmeMean: round(mean(errors)),
    nmeMedian: round(median(errors)),
    nmeUnder8: round(errors.filter((e) => e <= 0.08).length / Math.max(1, errors.length)),
    fitMsMedian: round(median([...replies.values()].map((r) => r.ms)), 1),
  };
  console.log(`landmarks: ${items.length} faces (${missed} not detected); NME over the outer-eye-corner distance: mean ${f.nmeMean}, median ${f.nmeMedian}, share <= 0.08 ${f.nmeUnder8}`);
  console.log(`  per point: ${Object.entries(perPoint).map(([n, d]) => `${n} ${mean(d).toFixed(3)}`).join(', ')}`);
  return f;
}

async function headPose(ctx: EvalContext): Promise<Record<string, number | string>> {
  const items = (ctx.manifest.categories.head_pose ?? []) as PoseItem[];
  if (items.length === 0) {
    console.log('head pose: the dev set has no head_pose entries; nothing to measure');
    return { poseItems: 0, poseMae: 'n/a' };
  }
  const errs: number[] = [];
  for (const item of items) {
    const { objects } = await call(ctx, 'face-detector-face-fitter', item.file);
    const truth = item.face_box;
    const face = truth ? objects.sort((a, b) => iou(toPixels(b, item.width, item.height), truth) - iou(toPixels(a, item.width, item.height), truth))[0] : objects[0];
    if (face) errs.push((Math.abs(face.pose.yaw - item.yaw) + Math.abs(face.pose.pitch - item.pitch) + Math.abs(face.pose.roll - item.roll)) / 3);
  }
  console.log(`head pose: ${items.length} faces, ${errs.length} found, MAE ${mean(errs).toFixed(2)} degrees`);
  return { poseItems: items.length, poseMae: round(mean(errs), 2) };
}

/** Time per 1920 px photo on the face-api demo photos (not eval data), when the package is installed. */
async function demoLatency(ctx: EvalContext): Promise<Record<string, number>> {
  const demo = join(process.cwd(), 'node_modules', '@vladmandic', 'face-api', 'demo');
  if (!existsSync(join(demo, 'sample1.jpg'))) return {};
  const times: Record<string, number[]> = { 'face-detector': [], 'face-detector-face-fitter': [] };
  for (let n = 1; n <= 6; n++) {
    const bytes = readFileSync(join(demo, `sample${n}.jpg`));
    for (const service of Object.keys(times)) times[service].push((await call(ctx, service, bytes)).ms);
  }
  const f = { demoDetectMs: round(median(times['face-detector']), 1), demoDetectFitMs: round(median(times['face-detector-face-fitter']), 1) };
  console.log(`face-api demo photos (1920 px, 3-5 faces): median ms per photo: detect ${f.demoDetectMs}, detect + fit ${f.demoDetectFitMs}`);
  return f;
}

export const suite: EvalSuite = {
  name: 'faces',
  async run(ctx) {
    return { ...(await boxes(ctx)), ...(await nonDevScenes(ctx)), ...(await landmarks(ctx)), ...(await headPose(ctx)), ...(await demoLatency(ctx)) };
  },
};
