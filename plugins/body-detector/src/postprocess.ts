/**
 * From candidates to body objects: tiles drop people their inner edges cut
 * (the whole-picture views see those whole), overlapping candidates of all
 * views merge by greedy NMS (the best-scoring box stands for the person),
 * and boxes become normalised, clamped `body` objects.
 */
import { clampBox, nms, type SampleObject } from '@facelab/core';
import type { Candidate } from './decode.ts';
import type { View } from './preprocess.ts';

/** How close to a tile's inner edge, as a fraction of the tile's side, a box counts as cut. */
const EDGE_MARGIN = 0.02;

/** Whether a candidate of `view` stands (always, outside tiles). Picture edges are not inner edges. */
export function viewKeeps(c: Candidate, view: View, width: number, height: number): boolean {
  const t = view.tile;
  if (!t) return true;
  const mx = t.w * EDGE_MARGIN;
  const my = t.h * EDGE_MARGIN;
  if (t.x > 0 && c.box[0] < t.x + mx) return false;
  if (t.y > 0 && c.box[1] < t.y + my) return false;
  if (t.x + t.w < width && c.box[2] > t.x + t.w - mx) return false;
  if (t.y + t.h < height && c.box[3] > t.y + t.h - my) return false;
  return true;
}

/** One candidate per person: the best of each group overlapping above `iouThreshold`. */
export function mergeCandidates(candidates: readonly Candidate[], iouThreshold: number, maxOut: number): Candidate[] {
  const keep = nms(candidates.map((c) => c.box), candidates.map((c) => c.score), iouThreshold, maxOut);
  return keep.map((i) => candidates[i]);
}

/** Body objects, most confident first, boxes normalised by the picture size and clamped to it. */
export function toBodies(candidates: readonly Candidate[], width: number, height: number): SampleObject[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  return sorted.map((c, id) => ({
    id,
    class: 'body',
    confidence: c.score,
    bbox: clampBox([c.box[0] / width, c.box[1] / height, c.box[2] / width, c.box[3] / height]),
    extra: {},
  }));
}
