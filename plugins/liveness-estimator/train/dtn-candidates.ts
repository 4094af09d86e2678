/**
 * Candidates on `dtn-antispoof` (dtn.ts): upstream's score alone, and its
 * readings fused with the served embedding head's inputs. Rows must carry
 * the DTN features (withDtn).
 */
import { dtnRealness } from '../src/dtn-score.ts';
import type { DtnFeatures } from './dtn.ts';
import type { Candidate } from './loso.ts';
import type { ExtraRow } from './extra.ts';
import type { Row } from './extract.ts';

const d = (r: Row): DtnFeatures => (r as Row & { dtn: DtnFeatures }).dtn;
/** -log of upstream's spoof score: higher means real, like every candidate. */
const realness = dtnRealness;
const unit = (v: number[]): number[] => {
  const n = Math.hypot(...v) || 1;
  return v.map((a) => a / n);
};

export const DTN_CANDIDATES: readonly Candidate[] = [
  { name: 'dtn upstream score 1.0', kind: 'fixed', score: (r) => realness(d(r).s10.score) },
  { name: 'dtn upstream score 1.5', kind: 'fixed', score: (r) => realness(d(r).s15.score) },
  { name: 'dtn mean |leaf| 1.0', kind: 'fixed', score: (r) => realness(d(r).s10.leaves.reduce((a, v) => a + Math.abs(v), 0) / 8) },
  { name: 'dtn sharpness 1.0', kind: 'fixed', score: (r) => d(r).s10.sharpness },
  { name: 'LR dtn 8 |leaves| 1.0 l2=1', kind: 'learned', inputs: (r) => d(r).s10.leaves.map(Math.abs), l2: 1 },
  { name: 'LR dtn 8 |leaves| 1.0+1.5 l2=1', kind: 'learned', inputs: (r) => [...d(r).s10.leaves, ...d(r).s15.leaves].map(Math.abs), l2: 1 },
  { name: 'LR dtn scores 1.0/1.5 + log sharpness l2=1', kind: 'learned', inputs: (r) => [realness(d(r).s10.score), realness(d(r).s15.score), Math.log1p(d(r).s10.sharpness)], l2: 1 },
  ...[300, 1000].map((l2): Candidate => ({ name: `LR unit emb + dtn score 1.0 l2=${l2}`, kind: 'learned', inputs: (r) => [...unit(r.emb), realness(d(r).s10.score)], l2 })),
  { name: 'LR unit emb + dtn scores 1.0/1.5 l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), realness(d(r).s10.score), realness(d(r).s15.score)], l2: 300 },
  { name: 'LR unit emb + dtn 8 |leaves| 1.0 l2=300', kind: 'learned', inputs: (r) => [...unit(r.emb), ...d(r).s10.leaves.map(Math.abs)], l2: 300 },
  // The served recipe (unit embedding, L2 1000, trained on the 1.0/1.2/1.5 crops) with the DTN readings beside it; a face's DTN readings go with each of its crops.
  ...[300, 1000].map((l2): Candidate => {
    const dtn = (r: Row): number[] => [realness(d(r).s10.score), realness(d(r).s15.score)];
    const e = (r: Row): ExtraRow['extra']['emb'] => (r as ExtraRow).extra.emb;
    return { name: `LR unit emb + dtn scores 1.0/1.5 l2=${l2} trained on 1.0/1.2/1.5 crops`, kind: 'learned', inputs: (r) => [...unit(r.emb), ...dtn(r)], augment: (r) => [[...unit(e(r).e10), ...dtn(r)], [...unit(e(r).e15), ...dtn(r)]], l2 };
  }),
];
