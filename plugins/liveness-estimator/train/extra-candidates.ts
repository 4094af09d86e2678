/**
 * Round-three candidates (issue 14): colour texture, multi-scale embeddings
 * and ratios between scales, alone and fused with the served embedding.
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

export const EXTRA_CANDIDATES: readonly Candidate[] = [
  { name: 'served: LR embedding unit-length l2=300', kind: 'learned', inputs: (r) => r.emb, l2: 300, unitLength: true },
  ...[30, 100, 300, 1000].map((l2): Candidate => ({ name: `LR texture1.0 sqrt l2=${l2}`, kind: 'learned', inputs: (r) => sqrtAll(x(r).tex10), l2 })),
  ...[100, 300].map((l2): Candidate => ({ name: `LR texture1.0+2.0 sqrt l2=${l2}`, kind: 'learned', inputs: (r) => sqrtAll([...x(r).tex10, ...x(r).tex20]), l2 })),
  ...[100, 300, 1000].map((l2): Candidate => ({ name: `LR unit emb + texture1.0 sqrt l2=${l2}`, kind: 'learned', inputs: (r) => [...unit(r.emb), ...sqrtAll(x(r).tex10)], l2 })),
  { name: 'LR unit emb + texture1.0+2.0 sqrt l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...sqrtAll([...x(r).tex10, ...x(r).tex20])], l2: 300 },
  ...(['e10', 'e15', 'e27'] as const).map((s): Candidate => ({ name: `LR unit emb ${s} l2=300`, kind: 'learned', inputs: (r) => x(r).emb[s], l2: 300, unitLength: true })),
  { name: 'LR unit emb 1.0+1.2+1.5 l2=300', kind: 'learned', inputs: (r) => [...unit(x(r).emb.e10), ...unit(r.emb), ...unit(x(r).emb.e15)], l2: 300 },
  { name: 'LR unit emb 1.2+2.7 l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...unit(x(r).emb.e27)], l2: 300 },
  { name: 'LR unit emb mean 1.0/1.2/1.5 l2=300', kind: 'learned', inputs: (r) => unit([0, 0, 0].length ? r.emb.map((v, i) => x(r).emb.e10[i] + v + x(r).emb.e15[i]) : []), l2: 300 },
  { name: 'LR unit emb 1.2 + (1.5-1.0) diff l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...sub(unit(x(r).emb.e15), unit(x(r).emb.e10))], l2: 300 },
  { name: 'LR fr logits class-1 at 1.0/1.2/1.5/2.7 diffs', kind: 'learned', inputs: (r) => { const l = [classLogit(x(r).logits.e10, 1), classLogit(r.fr.sq12, 1), classLogit(x(r).logits.e15, 1), classLogit(x(r).logits.e27, 1)]; return [l[1], l[0] - l[1], l[2] - l[1], l[3] - l[1]]; }, l2: 1 },
  { name: 'LR unit emb + texture1.0 sqrt + antispoof/liveness l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...sqrtAll(x(r).tex10), logit(r.antispoof), logit(r.liveness)], l2: 300 },
];
