/**
 * totalScore: a weighted geometric mean of every measure put on a 0..1
 * scale, so one severe defect (closed eyes, a mask, heavy blur) pulls the
 * total down hard while a mild one costs little, and no single weak
 * heuristic can veto a photo on its own. Measures that decide whether a
 * face can be recognised at all weigh 2 (sharpness, eyes, pose, mask, eye
 * distance); capture defects weigh 1 (illumination, flare, noise,
 * watermark, dynamic range, expression); ID-photo framing weighs 0.5
 * (margins, background). Each quality is floored at 0.01 before the log.
 *
 * The 0..1 scales: scores as output; flare as OFIQ scales over-exposure,
 * min(1, 0.01 / (share + 0.01)); pose as OFIQ's head pose, worst-axis
 * cos^2; eye distance with OFIQ's sigmoid (centre 70 px, width 20 px);
 * dynamic range as OFIQ, bits / 8; margins exp(-deviation / IED), the
 * outer deviation counting in full and the inner one a quarter (too much
 * room can be cropped away, a cut head cannot be restored); watermark as
 * 1 - watermarkScore.
 */
import type { Assessment } from './assess.ts';
import { flareQuality } from './measures/flare.ts';
import { logistic } from './pixels.ts';

const FLOOR = 0.01;

export function componentQualities(a: Assessment): Record<string, [quality: number, weight: number]> {
  const ied = Math.max(1, a.eyeDistance);
  return {
    sharpness: [a.sharpness.score, 2],
    eyes: [Math.min(a.eyes[0].score, a.eyes[1].score), 2],
    pose: [a.rotation.quality, 2],
    mask: [a.notMasked.score, 2],
    eyeDistance: [logistic((a.eyeDistance - 70) / 20), 2],
    illumination: [a.illumination.score, 1],
    flare: [flareQuality(a.flare.share), 1],
    noise: [a.noise.score, 1],
    watermark: [1 - a.watermark.score, 1],
    dynamicRange: [Math.min(1, a.dynamicRange.bits / 8), 1],
    expression: [a.neutral.score, 1],
    margins: [Math.exp(-(a.margins.outer + a.margins.inner / 4) / ied), 0.5],
    background: [a.background.score, 0.5],
  };
}

export function totalScore(a: Assessment): number {
  let sum = 0;
  let weights = 0;
  for (const [quality, weight] of Object.values(componentQualities(a))) {
    sum += weight * Math.log(Math.max(FLOOR, Number.isFinite(quality) ? quality : 0));
    weights += weight;
  }
  return Math.exp(sum / weights);
}
