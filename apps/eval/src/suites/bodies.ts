/**
 * Body detection on the dev person boxes (Penn-Fudan pedestrians, Fudan
 * subset): recall and precision at IoU 0.5 at the service's default
 * threshold, the best recall reached at 90% precision, the average
 * precision at IoU 0.5 (all-point interpolated, as PASCAL VOC since 2010)
 * and the time per image through /body-detector/v2/process/sample.
 *
 * Penn-Fudan leaves severely occluded and small pedestrians unlabelled, so
 * a detection of one counts as a false positive here: precision is a lower
 * bound.
 */
import type { EvalContext, EvalSuite } from '../context.ts';

type Box = [number, number, number, number];

/** Low enough to trace the whole precision-recall curve for the average precision. */
const CURVE_THRESHOLD = 0.05;

interface PersonItem {
  file: string;
  boxes: Box[];
  width: number;
  height: number;
}

/** One image's detections (picture pixels) and ground truth. */
export interface ImageResult {
  detections: { box: Box; score: number }[];
  truth: Box[];
}

function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Every detection of the set, best score first, marked true or false
 * positive: within its image, in score order, a detection takes the
 * unmatched truth box it overlaps most if that overlap reaches `minIou`.
 */
export function matchDetections(results: ImageResult[], minIou = 0.5): { score: number; tp: boolean; iou: number }[] {
  const marked: { score: number; tp: boolean; iou: number }[] = [];
  for (const { detections, truth } of results) {
    const taken = new Array<boolean>(truth.length).fill(false);
    for (const det of [...detections].sort((a, b) => b.score - a.score)) {
      let best = -1;
      let bestIou = minIou;
      truth.forEach((t, j) => {
        const o = iou(det.box, t);
        if (!taken[j] && o >= bestIou) {
          best = j;
          bestIou = o;
        }
      });
      if (best >= 0) taken[best] = true;
      marked.push({ score: det.score, tp: best >= 0, iou: best >= 0 ? bestIou : 0 });
    }
  }
  return marked.sort((a, b) => b.score - a.score);
}

export interface DetectionFigures {
  ap: number;
  recall: number;
  precision: number;
  /** Highest recall at a threshold whose precision is at least 90%, and that threshold. */
  recallAtP90: number;
  thresholdAtP90: number;
  /** Mean overlap of the true positives at `threshold` with their truth boxes. */
  meanIou: number;
}

/** AP@minIou over the whole set, and recall/precision at `threshold`. */
export function detectionFigures(results: ImageResult[], threshold: number, minIou = 0.5): DetectionFigures {
  const total = results.reduce((n, r) => n + r.truth.length, 0);
  const marked = matchDetections(results, minIou);
  const recalls: number[] = [];
  const precisions: number[] = [];
  let tp = 0;
  let recall = 0;
  let precision = 1;
  let recallAtP90 = 0;
  let thresholdAtP90 = 1;
  const matched = marked.filter((m) => m.tp && m.score >= threshold);
  const meanIou = matched.reduce((sum, m) => sum + m.iou, 0) / Math.max(1, matched.length);
  marked.forEach((m, i) => {
    if (m.tp) tp++;
    const r = tp / total;
    const p = tp / (i + 1);
    recalls.push(r);
    precisions.push(p);
    // Only the last detection of a run of equal scores is a reachable operating point.
    const cut = i + 1 === marked.length || marked[i + 1].score < m.score;
    if (cut && m.score >= threshold) {
      recall = r;
      precision = p;
    }
    if (cut && p >= 0.9 && r > recallAtP90) {
      recallAtP90 = r;
      thresholdAtP90 = m.score;
    }
  });
  return { ap: averagePrecision(recalls, precisions), recall, precision, recallAtP90, thresholdAtP90, meanIou };
}

/** Area under the precision envelope (precision made non-increasing in recall). */
function averagePrecision(recalls: number[], precisions: number[]): number {
  const env = [...precisions];
  for (let i = env.length - 2; i >= 0; i--) env[i] = Math.max(env[i], env[i + 1]);
  let ap = 0;
  let prev = 0;
  recalls.forEach((r, i) => {
    ap += (r - prev) * env[i];
    prev = r;
  });
  return ap;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The service's people in one dev picture, in its pixels, and the time the call took. */
async function detect(ctx: EvalContext, item: PersonItem, query: string): Promise<{ result: ImageResult; ms: number }> {
  const body = { _image: { blob: ctx.read(item.file).toString('base64') } };
  const res = await ctx.call(`/body-detector/v2/process/sample${query}`, body);
  if (res.status !== 200) throw new Error(`body-detector answered ${res.status} for ${item.file}: ${JSON.stringify(res.json).slice(0, 200)}`);
  const objects = (res.json.objects ?? []) as { class: string; confidence: number; bbox: Box }[];
  const detections = objects
    .filter((o) => o.class === 'body')
    .map((o) => ({ score: o.confidence, box: [o.bbox[0] * item.width, o.bbox[1] * item.height, o.bbox[2] * item.width, o.bbox[3] * item.height] as Box }));
  return { result: { detections, truth: item.boxes }, ms: res.ms };
}

export const suite: EvalSuite = {
  name: 'bodies',
  async run(ctx) {
    const items = ctx.manifest.categories.person_boxes as PersonItem[];
    const atDefault: ImageResult[] = [];
    const curve: ImageResult[] = [];
    const ms: number[] = [];
    for (const item of items) {
      const plain = await detect(ctx, item, '');
      atDefault.push(plain.result);
      ms.push(plain.ms);
      curve.push((await detect(ctx, item, `?body_threshold=${CURVE_THRESHOLD}`)).result);
    }
    // Recall and precision at the default threshold come from the default call itself, so they are what a client gets.
    const served = detectionFigures(atDefault, 0);
    const full = detectionFigures(curve, 1);
    const people = items.reduce((n, i) => n + i.boxes.length, 0);
    const figures = {
      images: items.length,
      people,
      ap50: round(full.ap),
      recall: round(served.recall),
      precision: round(served.precision),
      detections: atDefault.reduce((n, r) => n + r.detections.length, 0),
      meanIou: round(served.meanIou),
      recallAtP90: round(full.recallAtP90),
      thresholdAtP90: round(full.thresholdAtP90, 3),
      msPerImageMedian: round(median(ms), 1),
      msPerImageMean: round(ms.reduce((a, b) => a + b, 0) / ms.length, 1),
    };
    console.log(`person boxes: ${items.length} pictures, ${people} labelled people (Penn-Fudan leaves small and occluded ones unlabelled: precision is a lower bound)`);
    console.log(`AP@0.5 ${figures.ap50}  |  default threshold: recall ${figures.recall}, precision ${figures.precision} (${figures.detections} boxes, mean IoU of the matches ${figures.meanIou})`);
    console.log(`best recall at precision >= 0.9: ${figures.recallAtP90} (threshold ${figures.thresholdAtP90})`);
    console.log(`ms per image: median ${figures.msPerImageMedian}, mean ${figures.msPerImageMean}`);
    return figures;
  },
};
