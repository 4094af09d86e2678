/**
 * Neutral emotion: taken from the `emotion` unit when the request ran it
 * (or from the client's `emotions`): the score is the share of `neutral`
 * among the seven confidences, and the face is neutral when `neutral` is
 * the most confident class.
 *
 * Without emotions the fallback is our own mouth geometry, a weak one that
 * sees the two commonest departures from a neutral face, an open mouth and
 * a smile. Open: the inner-lip gap (mesh points 13 and 14) over the T metric,
 * as OFIQ's mouth-closed measure (ISO/IEC 29794-5) takes it, penalised
 * from 0.04 up (sigmoid width 0.015); only with a mesh. Smile: the mouth's
 * width over the inter-eye distance (about 0.8 at rest, above 1 when
 * smiling; sigmoid centre 0.95, width 0.05) and the lift of the mouth
 * corners above the mouth centre over the mouth's width (sigmoid centre
 * 0.08, width 0.03), whichever is stronger. Score = (1 - open) x (1 - smile).
 */
import type { EmotionScore } from '@facelab/core';
import { distance, meshPoint, type FaceGeometry } from '../face.ts';
import { logistic } from '../pixels.ts';

export interface Neutrality {
  score: number;
  source: 'emotion' | 'geometry';
  /** Whether `neutral` is the most confident emotion (emotions only). */
  neutralIsTop?: boolean;
}

export function neutralityFromEmotions(emotions: EmotionScore[]): Neutrality {
  const total = emotions.reduce((s, e) => s + Math.max(0, e.confidence), 0);
  const neutral = emotions.find((e) => e.emotion === 'neutral')?.confidence ?? 0;
  const top = Math.max(...emotions.filter((e) => e.emotion !== 'neutral').map((e) => e.confidence), 0);
  return { score: total > 0 ? neutral / total : 0, source: 'emotion', neutralIsTop: neutral > 0 && neutral >= top };
}

export interface MouthShape {
  /** Inner-lip gap over T (mesh only). */
  open?: number;
  /** Mouth width over inter-eye distance. */
  width?: number;
  /** Corner lift over mouth width (positive: corners above the centre). */
  lift?: number;
}

export function mouthShape(face: FaceGeometry): MouthShape {
  const shape: MouthShape = {};
  if (face.mesh && face.mesh.length >= 468 * 3) shape.open = distance(meshPoint(face.mesh, 13), meshPoint(face.mesh, 14)) / face.t;
  const l = face.points.mouth_left;
  const r = face.points.mouth_right;
  if (l && r) {
    const w = distance(l, r);
    shape.width = w / face.ied;
    const up: [number, number] = [(face.eyeMid[0] - face.chin[0]) / face.t, (face.eyeMid[1] - face.chin[1]) / face.t];
    const corners: [number, number] = [(l[0] + r[0]) / 2, (l[1] + r[1]) / 2];
    shape.lift = ((corners[0] - face.mouth[0]) * up[0] + (corners[1] - face.mouth[1]) * up[1]) / w;
  }
  return shape;
}

export function neutralityFromGeometry(shape: MouthShape): Neutrality {
  const open = shape.open === undefined ? 0 : logistic((shape.open - 0.04) / 0.015);
  const wide = shape.width === undefined ? 0 : logistic((shape.width - 0.95) / 0.05);
  const lifted = shape.lift === undefined ? 0 : logistic((shape.lift - 0.08) / 0.03);
  return { score: (1 - open) * (1 - Math.max(wide, lifted)), source: 'geometry' };
}
