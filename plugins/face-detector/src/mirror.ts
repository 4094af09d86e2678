/**
 * Which BlazeFace windows are read a second time, mirrored. A face's
 * BlazeFace score is the mean of its two views (a pattern that looks like
 * a face one way round only scores low, and the mirrored candidates steady
 * the blended box), but the mirrored run costs as much as the first, so a
 * window is read again only when a candidate's fate can hang on it:
 * - a face the second detector is sure of scores by it: no need;
 * - a candidate scoring `sureAbove` over the threshold: none such was
 *   dropped by its mirrored view on the non-eval mosaics and demo photos
 *   (the mirror dropped candidates of 0.50-0.70 at threshold 0.5, false
 *   faces mostly);
 * - a candidate scoring more than `hopeBelow` under the threshold that no
 *   half-sure second-detector box backs (see postprocess.ts): its mirrored
 *   view lifted none such over the threshold there (the lifted ones
 *   scored 0.41 and more; the backed ones from 0.26 up, so those are
 *   still read again).
 * A window read once scores its candidates by the one view.
 */
import { iou } from '@facelab/core';
import type { Candidate } from './decode.ts';

export interface MirrorRule {
  /** From threshold + this, the first view decides. */
  sureAbove: number;
  /** Under threshold - this, a candidate nothing backs is left out without a second view. */
  hopeBelow: number;
}

export const MIRROR_RULE: MirrorRule = Object.freeze({ sureAbove: 0.25, hopeBelow: 0.1 });

/**
 * Whether a first-view candidate needs its mirrored view: `sure` and
 * `backing` are the second detector's sure and half-sure boxes (in
 * BlazeFace's box convention), `iouThreshold` the fusion's overlap.
 */
export function needsMirror(c: Candidate, sure: Candidate[], backing: Candidate[], threshold: number, iouThreshold: number, rule: MirrorRule = MIRROR_RULE): boolean {
  const overlaps = (s: Candidate) => iou(s.box, c.box) > iouThreshold;
  if (sure.some(overlaps) || c.score >= threshold + rule.sureAbove) return false;
  return c.score >= threshold - rule.hopeBelow || backing.some(overlaps);
}
