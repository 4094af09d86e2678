/**
 * From raw window detections to face objects: tiles keep only the faces
 * they are responsible for (small enough, not cut by an inner tile edge),
 * overlapping detections of one face blend into one (weighted NMS, as
 * MediaPipe does, which steadies boxes across windows), and the survivors
 * become clamped boxes (in the reported convention) with ids in a stable order.
 */
import { clampBox, iou, type BBox, type Point, type SampleObject } from '@facelab/core';
import type { Candidate } from './decode.ts';
import type { BoxAdjust } from './models.ts';
import type { Window } from './preprocess.ts';

/**
 * Whether a tile keeps a detection: at tile levels a face larger than
 * `maxFace` x side belongs to a coarser view, and a box that crosses a tile
 * edge lying inside the picture is cut; the overlap shows it whole elsewhere.
 */
export function tileKeeps(c: Candidate, w: Window, width: number, height: number, maxFace: number): boolean {
  if (w.level === 0) return true;
  const [x1, y1, x2, y2] = c.box;
  if (Math.max(x2 - x1, y2 - y1) > maxFace * w.side) return false;
  if (w.x > 0 && x1 < w.x) return false;
  if (w.y > 0 && y1 < w.y) return false;
  if (w.x + w.side < width && x2 > w.x + w.side) return false;
  if (w.y + w.side < height && y2 > w.y + w.side) return false;
  return true;
}

/**
 * Weighted non-maximum suppression: each cluster of boxes overlapping the
 * best remaining one by more than `iouThreshold` becomes one detection with
 * the score-weighted mean box and keypoints (BlazeFace's candidates only,
 * when it has any in the cluster). Its BlazeFace score is the mean
 * over the views read (as is, mirrored: a candidate's `views`, else
 * `views`) of each view's best score in the cluster, so a pattern that
 * looks like a face only one way round scores low; the cluster's score is the better of that and the second detector's
 * best score (a fusion by the more confident detector: each finds faces the
 * other scores low).
 */
export function weightedNms(candidates: Candidate[], iouThreshold: number, views = 1): Candidate[] {
  const rest = [...candidates].sort((a, b) => b.score - a.score);
  const out: Candidate[] = [];
  while (rest.length > 0) {
    const best = rest[0];
    const cluster: Candidate[] = [];
    for (let i = rest.length - 1; i >= 0; i--) {
      if (i === 0 || iou(best.box, rest[i].box) > iouThreshold) cluster.push(...rest.splice(i, 1));
    }
    out.push(blend(cluster, viewScore(cluster, views)));
  }
  // A cluster of weak second-detector boxes alone scores 0: it must not suppress anything.
  return suppressOverlaps(out.filter((c) => c.score > 0), iouThreshold);
}

/**
 * Blending can move boxes that were apart onto one face, and a face can
 * hold a smaller false detection inside it: a blended box that overlaps a
 * better one by more than `iouThreshold`, or lies mostly inside it, goes.
 */
function suppressOverlaps(blended: Candidate[], iouThreshold: number): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of blended) {
    if (kept.every((k) => iou(k.box, c.box) <= iouThreshold && insideShare(c.box, k.box) < 0.6)) kept.push(c);
  }
  return kept;
}

/** The share of box a's area that lies inside box b. */
function insideShare(a: Candidate['box'], b: Candidate['box']): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (a[2] - a[0]) * (a[3] - a[1]);
  return area > 0 ? (ix * iy) / area : 1;
}

function viewScore(cluster: Candidate[], defaultViews: number): number {
  // A window read once scores by its one view; a cluster holding a mirrored window's candidates by the mean of both.
  const views = Math.max(1, ...cluster.filter((c) => c.source !== 'second').map((c) => c.views ?? defaultViews));
  const best = new Array<number>(views).fill(0);
  let second = 0;
  let backing = 0;
  let own = false;
  for (const c of cluster) {
    if (c.source !== 'second') {
      own = true;
      best[c.view] = Math.max(best[c.view], c.score);
    } else if (c.weak) backing = Math.max(backing, c.score);
    else second = Math.max(second, c.score);
  }
  const blaze = best.reduce((a, b) => a + b, 0) / views;
  // Two detectors agreeing on a face each is unsure of: the mean of their scores.
  return Math.max(second, blaze, own && backing > 0 ? (blaze + backing) / 2 : 0);
}

function blend(cluster: Candidate[], score: number): Candidate {
  if (cluster.length === 1) return { ...cluster[0], score };
  // Box (for the overlaps that follow) and keypoints come from BlazeFace's
  // candidates whenever it saw the face. The reported box is the mean of the
  // two detectors' boxes in the reported convention: each frames a face
  // with its own noise, and their mean is closer to a manual box than
  // either (models.ts).
  const own = cluster.filter((c) => c.source !== 'second');
  // The second detector's unsure boxes only back the score (framing with them flipped a later unit's answers
  // on the demo photos); they frame a cluster only when it has nothing else (it then scores 0 and goes).
  const sure = cluster.filter((c) => c.source === 'second' && !c.weak);
  const second = sure.length > 0 || own.length > 0 ? sure : cluster;
  const from = own.length > 0 ? own : cluster;
  const faces = [own, second].filter((group) => group.length > 0).map((group) => weightedMean(group, (c) => c.face ?? c.box));
  return {
    box: weightedMean(from, (c) => c.box) as Candidate['box'],
    keypoints: weightedMean(from, (c) => c.keypoints),
    face: faces[0].map((v, i) => faces.reduce((sum, f) => sum + f[i], 0) / faces.length) as Candidate['box'],
    score,
    view: 0,
  };
}

/** The score-weighted mean of one array-valued property over candidates. */
function weightedMean(cands: Candidate[], of: (c: Candidate) => readonly number[]): number[] {
  const out = new Array<number>(of(cands[0]).length).fill(0);
  let total = 0;
  for (const c of cands) {
    total += c.score;
    of(c).forEach((v, i) => (out[i] += v * c.score));
  }
  return out.map((v) => v / total);
}

/**
 * Face objects from merged, normalised detections: clamped boxes,
 * keypoints in hints, ids 0..n-1 by confidence, then top-to-bottom and
 * left-to-right for ties.
 */
export function toFaces(detections: Candidate[], maxFaces: number): SampleObject[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score || a.box[1] - b.box[1] || a.box[0] - b.box[0]).slice(0, maxFaces);
  return sorted.map((d, id) => {
    const bbox = clampBox(d.face ?? d.box);
    const detectorKeypoints: Point[] = [];
    for (let k = 0; k < d.keypoints.length; k += 2) detectorKeypoints.push([d.keypoints[k], d.keypoints[k + 1]]);
    // A face only the second detector found has no keypoints; later units then work from the box.
    return { id, class: 'face', confidence: d.score, bbox, extra: {}, hints: detectorKeypoints.length > 0 ? { detectorKeypoints } : {} };
  });
}

/** Applies a box geometry change (normalised coordinates; shifts and factors act per axis). */
export function adjustBox(box: readonly number[], adjust: BoxAdjust): BBox {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const cx = (box[0] + box[2]) / 2 + adjust.dx * w;
  const cy = (box[1] + box[3]) / 2 + adjust.dy * h;
  const hw = (w * adjust.width) / 2;
  const hh = (h * adjust.height) / 2;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}
