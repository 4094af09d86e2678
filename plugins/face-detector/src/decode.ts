/**
 * BlazeFace anchor decoding: every anchor of a cell sits at the cell centre
 * with unit size, so a box is anchor centre + (dx, dy) with an absolute
 * width and height in input pixels, and each keypoint is anchor + offset.
 * Scores are logits; comparing logits against logit(threshold) skips the
 * sigmoid for the thousands of anchors that fail.
 */
import type { Affine, Tensor } from '@facelab/core';
import type { DetectorModel } from './models.ts';

/** One raw detection in the coordinates of the picture the window was cut from. */
export interface Candidate {
  /** [x1, y1, x2, y2] in picture pixels. */
  box: [number, number, number, number];
  score: number;
  /** Six keypoints as x0, y0, x1, y1, ... in picture pixels. */
  keypoints: number[];
  /** Which view of the window found it (0: as is, 1: mirrored). */
  view: number;
  /** How many views of its window were read (1 or 2; unset: as many as the fusion is told). */
  views?: number;
  /** 'second' when the second detector found it (no keypoints, one view); BlazeFace otherwise. */
  source?: 'second';
  /** A second-detector box under its sure cut: it only backs a face BlazeFace also saw. */
  weak?: boolean;
  /** The box in the reported convention (set once normalised; see models.ts BoxAdjust). */
  face?: [number, number, number, number];
}

/** Keypoint order of a mirrored view: the subject's sides swap (eyes 0/1, ears 4/5). */
const MIRRORED_KEYPOINTS = [1, 0, 2, 3, 5, 4];

/** Anchor centres in input pixels, x0, y0, x1, y1, ... in output row order (fine grid first). */
export function anchorCentres(model: DetectorModel): Float32Array {
  const total = model.layers.reduce((n, l) => n + l.grid * l.grid * l.perCell, 0);
  const out = new Float32Array(total * 2);
  let k = 0;
  for (const layer of model.layers) {
    for (let row = 0; row < layer.grid; row++) {
      for (let col = 0; col < layer.grid; col++) {
        for (let a = 0; a < layer.perCell; a++) {
          out[k++] = (col + 0.5) * layer.stride;
          out[k++] = (row + 0.5) * layer.stride;
        }
      }
    }
  }
  return out;
}

export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}

/**
 * Decodes one window's outputs. `toPicture` maps input pixels (0..size) to
 * picture pixels (the window's affine, mirrored for view 1).
 */
export function decodeWindow(model: DetectorModel, anchors: Float32Array, outputs: Record<string, Tensor>, toPicture: Affine, minScore: number, view = 0): Candidate[] {
  const found: Candidate[] = [];
  const minLogit = logit(minScore);
  const [a, b, c, d, e, f] = toPicture;
  const map = (x: number, y: number): [number, number] => [a * x + b * y + c, d * x + e * y + f];
  let base = 0;
  for (const layer of model.layers) {
    const scores = outputs[layer.scores].data as Float32Array;
    const regs = outputs[layer.boxes].data as Float32Array;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] < minLogit) continue;
      const ax = anchors[(base + i) * 2];
      const ay = anchors[(base + i) * 2 + 1];
      const r = i * model.regressors;
      const cx = ax + regs[r];
      const cy = ay + regs[r + 1];
      const w = regs[r + 2];
      const h = regs[r + 3];
      if (!(w > 0 && h > 0)) continue;
      const p1 = map(cx - w / 2, cy - h / 2);
      const p2 = map(cx + w / 2, cy + h / 2);
      const keypoints: number[] = [];
      for (let k = 0; k < model.keypoints; k++) {
        const src = view === 1 ? MIRRORED_KEYPOINTS[k] : k;
        keypoints.push(...map(ax + regs[r + 4 + src * 2], ay + regs[r + 5 + src * 2]));
      }
      const box: Candidate['box'] = [Math.min(p1[0], p2[0]), Math.min(p1[1], p2[1]), Math.max(p1[0], p2[0]), Math.max(p1[1], p2[1])];
      found.push({ box, score: 1 / (1 + Math.exp(-scores[i])), keypoints, view });
    }
    base += scores.length;
  }
  return found;
}
