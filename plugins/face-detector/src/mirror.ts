/**
 * Which BlazeFace windows are read a second time, mirrored. A face's
 * BlazeFace score is the mean of its two views (a pattern that looks like
 * a face one way round only scores low), and the mirrored candidates steady
 * BlazeFace's box, but the mirrored run costs as much as the first. A
 * window is read again when it holds a candidate the second detector is
 * not sure of (a face it is sure of scores by it), unless that candidate
 * scores more than `hopeBelow` under the threshold with no half-sure
 * second-detector box backing it (see postprocess.ts): on the non-eval
 * mosaics and demo photos, the mirrored view lifted no such candidate over
 * the threshold (at threshold 0.5 the lifted ones scored 0.41 and more,
 * the backed ones from 0.26). Such a stray candidate alone (as in one of
 * the six face-api demo photos) no longer costs a mirrored run.
 *
 * Skipping the mirror for candidates far over the threshold as well (none
 * from 0.75 up was dropped by its mirrored view there) saved the mirrored
 * run on another demo photo and moved no mosaic face, but it reframed that
 * photo's one face the second detector half sees (BlazeFace alone frames
 * it, from its two views): IoU 0.93 with its earlier box, enough to flip
 * the liveness unit's answer for it in that unit's tests. Left out.
 * A window read once scores its candidates by the one view.
 */
import { iou } from '@facelab/core';
import type { Candidate } from './decode.ts';

/** Under threshold - this, a candidate nothing backs is left out without its mirrored view. */
export const MIRROR_HOPE_BELOW = 0.1;

/**
 * Whether a first-view candidate needs its mirrored view: `sure` and
 * `backing` are the second detector's sure and half-sure boxes (in
 * BlazeFace's box convention), `iouThreshold` the fusion's overlap.
 */
export function needsMirror(c: Candidate, sure: Candidate[], backing: Candidate[], threshold: number, iouThreshold: number, hopeBelow = MIRROR_HOPE_BELOW): boolean {
  const overlaps = (s: Candidate) => iou(s.box, c.box) > iouThreshold;
  if (sure.some(overlaps)) return false;
  return c.score >= threshold - hopeBelow || backing.some(overlaps);
}
