/**
 * Round-three candidates (issue 14): the fr-liveness embedding at other
 * crops and differences between crops, a head trained on several crops of
 * each face, the training sources' shift directions removed, and colour
 * texture alone and fused. Their rows carry the extra features (extra.ts).
 */
import { logit } from '../src/features.ts';
import { classLogit } from '../src/spoof-score.ts';
import type { ExtraRow } from './extra.ts';
import type { Candidate } from './loso.ts';
import type { Row } from './extract.ts';

const x = (r: Row): ExtraRow['extra'] => (r as ExtraRow).extra;
const unit = (v: number[]): number[] => {
  const n = Math.hypot(...v) || 1;
  return v.map((a) => a / n);
};
const sqrtAll = (v: number[]): number[] => v.map((a) => Math.sqrt(Math.max(0, a)));
const sub = (a: number[], b: number[]): number[] => a.map((v, i) => v - b[i]);

/** Multi-scale embeddings, training on several crops, source directions removed (eval suite and training script). */
export const EXTRA_CANDIDATES: readonly Candidate[] = [
  ...(['e10', 'e15', 'e27'] as const).map((s): Candidate => ({ name: `LR unit emb ${s} l2=300`, kind: 'learned', inputs: (r) => x(r).emb[s], l2: 300, unitLength: true })),
  { name: 'LR unit emb 1.0+1.2+1.5 l2=300', kind: 'learned', inputs: (r) => [...unit(x(r).emb.e10), ...unit(r.emb), ...unit(x(r).emb.e15)], l2: 300 },
  { name: 'LR unit emb 1.2+2.7 l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...unit(x(r).emb.e27)], l2: 300 },
  { name: 'LR unit emb mean 1.0/1.2/1.5 l2=300', kind: 'learned', inputs: (r) => unit(r.emb.map((v, i) => x(r).emb.e10[i] + v + x(r).emb.e15[i])), l2: 300 },
  { name: 'LR unit emb 1.2 + (1.5-1.0) diff l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...sub(unit(x(r).emb.e15), unit(x(r).emb.e10))], l2: 300 },
  {
    name: 'LR fr class-1 logit 1.2 and its differences at 1.0/1.5/2.7',
    kind: 'learned',
    inputs: (r) => {
      const at = [classLogit(x(r).logits.e10, 1), classLogit(r.fr.sq12, 1), classLogit(x(r).logits.e15, 1), classLogit(x(r).logits.e27, 1)];
      return [at[1], at[0] - at[1], at[2] - at[1], at[3] - at[1]];
    },
    l2: 1,
  },
  ...[300, 1000].map((l2): Candidate => ({ name: `LR unit emb l2=${l2} trained on 1.0/1.2/1.5 crops`, kind: 'learned', inputs: (r) => r.emb, augment: (r) => [x(r).emb.e10, x(r).emb.e15], l2, unitLength: true })),
  ...[300, 1000].map((l2): Candidate => ({ name: `LR unit emb l2=${l2} trained on 1.0/1.2/1.5/2.7 crops`, kind: 'learned', inputs: (r) => r.emb, augment: (r) => [x(r).emb.e10, x(r).emb.e15, x(r).emb.e27], l2, unitLength: true })),
  ...[1, 2, 3, 5, 8].map((k): Candidate => ({ name: `LR unit emb l2=300 less ${k} source directions`, kind: 'learned', inputs: (r) => r.emb, l2: 300, unitLength: true, sourceDirections: k })),
  ...[3, 8].map((k): Candidate => ({ name: `LR unit emb l2=100 less ${k} source directions`, kind: 'learned', inputs: (r) => r.emb, l2: 100, unitLength: true, sourceDirections: k })),
  ...[1, 2].map((k): Candidate => ({ name: `LR unit emb l2=300 trained on 1.0/1.2/1.5 crops less ${k} source directions`, kind: 'learned', inputs: (r) => r.emb, augment: (r) => [x(r).emb.e10, x(r).emb.e15], l2: 300, unitLength: true, sourceDirections: k })),
];

/** Colour texture alone and fused (slow to fit: 354 to 836 inputs; train/explore.ts runs them). */
export const TEXTURE_CANDIDATES: readonly Candidate[] = [
  ...[30, 100, 300, 1000].map((l2): Candidate => ({ name: `LR texture1.0 sqrt l2=${l2}`, kind: 'learned', inputs: (r) => sqrtAll(x(r).tex10), l2 })),
  ...[100, 300].map((l2): Candidate => ({ name: `LR texture1.0+2.0 sqrt l2=${l2}`, kind: 'learned', inputs: (r) => sqrtAll([...x(r).tex10, ...x(r).tex20]), l2 })),
  ...[100, 300, 1000].map((l2): Candidate => ({ name: `LR unit emb + texture1.0 sqrt l2=${l2}`, kind: 'learned', inputs: (r) => [...unit(r.emb), ...sqrtAll(x(r).tex10)], l2 })),
  { name: 'LR unit emb + texture1.0+2.0 sqrt l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...sqrtAll([...x(r).tex10, ...x(r).tex20])], l2: 300 },
  { name: 'LR unit emb + texture1.0 sqrt + antispoof/liveness l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...sqrtAll(x(r).tex10), logit(r.antispoof), logit(r.liveness)], l2: 300 },
];
