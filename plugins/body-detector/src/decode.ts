/**
 * NanoDet's GFL head, decoded for the person class: each cell of each
 * stride predicts, per side, a distribution over 0..regMax bins; the side's
 * distance is the distribution's expectation times the stride, measured
 * from the cell centre ((col + 0.5) * stride, (row + 0.5) * stride).
 */
import { applyAffine, type Affine, type Tensor } from '@facelab/core';
import type { NanodetModel } from './models.ts';

/** A candidate in picture pixels. */
export interface Candidate {
  box: [number, number, number, number];
  score: number;
}

/**
 * Candidates of one view whose person score reaches `threshold`; `m` maps
 * model-input pixels to picture pixels (the view's letterbox).
 */
export function decodeView(outputs: Record<string, Tensor>, model: NanodetModel, m: Affine, threshold: number): Candidate[] {
  const out: Candidate[] = [];
  const bins = model.regMax + 1;
  const dist = new Float64Array(4);
  for (const level of model.levels) {
    const scores = outputs[level.scores].data as Float32Array;
    const reg = outputs[level.boxes].data as Float32Array;
    const cols = Math.ceil(model.layout.width / level.stride);
    const cells = scores.length / model.classes;
    for (let i = 0; i < cells; i++) {
      const score = scores[i * model.classes + model.personClass];
      if (score < threshold) continue;
      for (let side = 0; side < 4; side++) dist[side] = expectation(reg, (i * 4 + side) * bins, bins) * level.stride;
      const cx = ((i % cols) + 0.5) * level.stride;
      const cy = (Math.floor(i / cols) + 0.5) * level.stride;
      const [x1, y1] = applyAffine(m, cx - dist[0], cy - dist[1]);
      const [x2, y2] = applyAffine(m, cx + dist[2], cy + dist[3]);
      // A mirrored view maps the left edge to the right one: order the corners again.
      out.push({ box: [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)], score });
    }
  }
  return out;
}

/** Softmax over `n` logits at `offset`, then the expected bin index. */
function expectation(logits: Float32Array, offset: number, n: number): number {
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, logits[offset + k]);
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.exp(logits[offset + k] - max);
    sum += e;
    weighted += k * e;
  }
  return weighted / sum;
}
