/**
 * Fifth round (issue 14): every crop is now a multiple of the located
 * face's frame (src/locate-face.ts), not of the detector's box, so the
 * crop scales are chosen again, and the served recipe's training objective
 * is varied: which crop it is served on, which crops it trains on, the L2
 * strength, every (source, class) weighted equally. Embeddings exist at
 * 1.0x, 1.2x, 1.5x and 2.7x the frame, dtn-antispoof at 1.0x and 1.5x
 * (extract.ts, extra.ts, dtn.ts).
 */
import { dtnRealness } from '../src/dtn-score.ts';
import type { DtnFeatures } from './dtn.ts';
import type { ExtraRow } from './extra.ts';
import type { Row } from './extract.ts';
import type { Candidate } from './loso.ts';

const unit = (v: number[]): number[] => {
  const n = Math.hypot(...v) || 1;
  return v.map((a) => a / n);
};
const dtn = (r: Row): number[] => {
  const d = (r as Row & { dtn: DtnFeatures }).dtn;
  return [dtnRealness(d.s10.score), dtnRealness(d.s15.score)];
};

/** The embedding at a crop of the frame, by its scale's name. */
export const EMBED_AT = {
  '1.0': (r: Row) => (r as ExtraRow).extra.emb.e10,
  '1.2': (r: Row) => r.emb,
  '1.5': (r: Row) => (r as ExtraRow).extra.emb.e15,
  '2.7': (r: Row) => (r as ExtraRow).extra.emb.e27,
} as const;
export type EmbedScale = keyof typeof EMBED_AT;

export interface RecipeOptions {
  /** The crop the head is served on. */
  served: EmbedScale;
  /** Crops every training face is also trained through (same label and DTN readings). */
  also: readonly EmbedScale[];
  l2: number;
  balanceSources?: boolean;
  /** Reweight (source, class) cells toward the worst fitted (group-dro.ts), this eta. */
  groupDro?: number;
}

/** The name the served recipe goes by in the table; the fourth round's name when served on 1.2 and trained on 1.0/1.2/1.5. */
export function recipeName(o: RecipeOptions): string {
  const crops = [...new Set([o.served, ...o.also])].sort().join('/');
  const trained = o.also.length ? ` trained on ${crops} crops` : ` on ${o.served}`;
  const served = o.also.length && o.served !== '1.2' ? ` served on ${o.served}` : '';
  return `LR unit emb + dtn scores 1.0/1.5 l2=${o.l2}${trained}${served}${o.balanceSources ? ' sources balanced' : ''}${o.groupDro ? ` group DRO eta=${o.groupDro}` : ''}`;
}

export function recipe(o: RecipeOptions): Candidate {
  const row = (emb: number[], r: Row): number[] => [...unit(emb), ...dtn(r)];
  return {
    name: recipeName(o),
    kind: 'learned',
    inputs: (r) => row(EMBED_AT[o.served](r), r),
    augment: o.also.length ? (r) => o.also.map((s) => row(EMBED_AT[s](r), r)) : undefined,
    l2: o.l2,
    balanceSources: o.balanceSources,
    groupDro: o.groupDro,
  };
}

const THREE = ['1.0', '1.2', '1.5'] as const;
const others = (served: EmbedScale, crops: readonly EmbedScale[]): EmbedScale[] => crops.filter((c) => c !== served);

export const FRAMING_CANDIDATES: readonly Candidate[] = [
  // Which crop: one crop alone (1.2 alone is dtn-candidates.ts's `LR unit emb + dtn scores 1.0/1.5 l2=300`), and the three-crop training served on each of its crops.
  ...(['1.0', '1.5', '2.7'] as const).map((s) => recipe({ served: s, also: [], l2: 300 })),
  ...(['1.0', '1.5'] as const).map((s) => recipe({ served: s, also: others(s, THREE), l2: 300 })),
  ...(['1.2', '1.5'] as const).map((s) => recipe({ served: s, also: others(s, ['1.2', '1.5', '2.7']), l2: 300 })),
  ...(['1.2', '1.5'] as const).map((s) => recipe({ served: s, also: others(s, ['1.0', '1.2', '1.5', '2.7']), l2: 300 })),
  // The training objective on the three-crop recipe (L2 300 and 1000 are in dtn-candidates.ts): L2, sources weighted equally.
  ...[100, 3000].map((l2) => recipe({ served: '1.2', also: others('1.2', THREE), l2 })),
  ...[300, 1000].map((l2) => recipe({ served: '1.2', also: others('1.2', THREE), l2, balanceSources: true })),
  ...[1, 2].map((groupDro) => recipe({ served: '1.2', also: others('1.2', THREE), l2: 300, groupDro })),
];
