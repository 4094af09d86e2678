/**
 * Liveness on the dev set's `liveness` category: face crops from two selfie
 * videos (real) and from their replays on a phone or monitor (attacks).
 *
 * Each picture goes through /face-detector-liveness-estimator/v2/process/sample
 * (detect, fit, liveness); the largest face is the picture's face, and its
 * P(real) is read back from `liveness` (confidence of real, or 1 - confidence
 * of fake). Its fitted face then goes through /liveness-estimator/v2/process/sample
 * to time the liveness step alone.
 *
 * Figures (ISO/IEC 30107-3 names; a face is accepted as real when P(real)
 * reaches the threshold): AUC; APCER at BPCER 5% (the highest threshold
 * that rejects at most 5% of the real faces, which is how the plugin's
 * default threshold was chosen) and ACER there; APCER, BPCER and ACER at the
 * threshold the service applied by default; ROC points; per source; the
 * same end to end, counting a picture where no face was found as rejected;
 * and milliseconds per face.
 */
import type { EvalContext, EvalSuite } from '../context.ts';

interface LivenessItem {
  file: string;
  real: boolean;
  subject_source: string;
}

interface Outcome {
  item: LivenessItem;
  /** P(real); undefined when no face was found. */
  p?: number;
  served?: 'real' | 'fake';
  msImage: number;
  msLiveness?: number;
}

interface Point {
  threshold: number;
  apcer: number;
  bpcer: number;
}

const BPCER_TARGET = 0.05;
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function auc(scored: { p: number; real: boolean }[]): number {
  const pos = scored.filter((s) => s.real);
  const neg = scored.filter((s) => !s.real);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Error rates at `threshold`; a missing score (no face found) is a rejection. */
function pointAt(scored: { p?: number; real: boolean }[], threshold: number): Point {
  const accepted = (s: { p?: number }): boolean => s.p !== undefined && s.p >= threshold;
  const attacks = scored.filter((s) => !s.real);
  const reals = scored.filter((s) => s.real);
  return { threshold, apcer: attacks.filter(accepted).length / attacks.length, bpcer: reals.filter((s) => !accepted(s)).length / reals.length };
}

/** The highest threshold that rejects at most `target` of the real faces. */
function atBpcer(scored: { p?: number; real: boolean }[], target: number): Point {
  const reals = scored.filter((s) => s.real).map((s) => s.p ?? Number.NEGATIVE_INFINITY).sort((a, b) => a - b);
  return pointAt(scored, reals[Math.floor(target * reals.length)]);
}

async function score(ctx: EvalContext, item: LivenessItem): Promise<Outcome> {
  const blob = ctx.read(item.file).toString('base64');
  const res = await ctx.call('/face-detector-liveness-estimator/v2/process/sample', { _image: { blob } });
  if (res.status !== 200) throw new Error(`face-detector-liveness-estimator answered ${res.status} for ${item.file}: ${JSON.stringify(res.json).slice(0, 300)}`);
  const faces = ((res.json.objects ?? []) as any[]).filter((o) => o.class === 'face' && o.liveness);
  if (faces.length === 0) return { item, msImage: res.ms };
  const area = (o: any): number => (o.bbox[2] - o.bbox[0]) * (o.bbox[3] - o.bbox[1]);
  const face = faces.sort((a, b) => area(b) - area(a))[0];
  const { liveness, ...fitted } = face;
  const p = liveness.value === 'real' ? liveness.confidence : 1 - liveness.confidence;
  const alone = await ctx.call('/liveness-estimator/v2/process/sample', { _image: { blob }, objects: [fitted] });
  if (alone.status !== 200) throw new Error(`liveness-estimator answered ${alone.status} for ${item.file}: ${JSON.stringify(alone.json).slice(0, 300)}`);
  const again = alone.json.objects[0].liveness;
  const pAgain = again.value === 'real' ? again.confidence : 1 - again.confidence;
  if (Math.abs(pAgain - p) > 1e-3) throw new Error(`${item.file}: process/sample gave P(real) ${pAgain}, process/image path ${p}`);
  return { item, p, served: liveness.value, msImage: res.ms / faces.length, msLiveness: alone.ms };
}

const fmt = (pt: Point): string => `threshold ${round(pt.threshold, 4)}: APCER ${round(pt.apcer, 3)}, BPCER ${round(pt.bpcer, 3)}, ACER ${round((pt.apcer + pt.bpcer) / 2, 3)}`;

export const suite: EvalSuite = {
  name: 'liveness',
  async run(ctx) {
    const items = ctx.manifest.categories.liveness as LivenessItem[];
    const outcomes: Outcome[] = [];
    for (const item of items) outcomes.push(await score(ctx, item));
    const found = outcomes.filter((o) => o.p !== undefined).map((o) => ({ p: o.p!, real: o.item.real, source: o.item.subject_source }));
    const all = outcomes.map((o) => ({ p: o.p, real: o.item.real }));
    const best = atBpcer(found, BPCER_TARGET);
    const served = outcomes.filter((o) => o.served);
    const servedPoint = {
      apcer: served.filter((o) => !o.item.real && o.served === 'real').length / served.filter((o) => !o.item.real).length,
      bpcer: served.filter((o) => o.item.real && o.served === 'fake').length / served.filter((o) => o.item.real).length,
    };
    const endToEnd = pointAt(all, best.threshold);
    const sources = [...new Set(items.map((i) => i.subject_source))].sort();
    const thresholds = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    const roc = [...thresholds.map((t) => pointAt(found, t)), ...[0, 0.02, 0.05, 0.1, 0.2].map((b) => atBpcer(found, b))].sort((a, b) => a.threshold - b.threshold);
    const ms = outcomes.filter((o) => o.msLiveness !== undefined);
    const figures: Record<string, number | string> = {
      pictures: items.length,
      real: items.filter((i) => i.real).length,
      attacks: items.filter((i) => !i.real).length,
      noFaceFound: outcomes.length - found.length,
      noFaceFoundReal: outcomes.filter((o) => o.p === undefined && o.item.real).length,
      auc: round(auc(found)),
      thresholdAtBpcer5: round(best.threshold, 4),
      apcerAtBpcer5: round(best.apcer),
      bpcerAtBpcer5: round(best.bpcer),
      acerAtBpcer5: round((best.apcer + best.bpcer) / 2),
      servedApcer: round(servedPoint.apcer),
      servedBpcer: round(servedPoint.bpcer),
      servedAcer: round((servedPoint.apcer + servedPoint.bpcer) / 2),
      endToEndApcer: round(endToEnd.apcer),
      endToEndBpcer: round(endToEnd.bpcer),
      ...Object.fromEntries(
        sources.flatMap((s) => {
          const part = found.filter((f) => f.source === s);
          const name = s.split('/')[0];
          return [[`auc_${name}`, round(auc(part))], [`apcerAtThreshold_${name}`, round(pointAt(part, best.threshold).apcer)], [`bpcerAtThreshold_${name}`, round(pointAt(part, best.threshold).bpcer)]];
        }),
      ),
      roc: roc.map((p) => `${round(p.threshold, 3)}:${round(p.apcer, 2)}/${round(p.bpcer, 2)}`).join(' '),
      msPerFaceImageMedian: round(median(outcomes.map((o) => o.msImage)), 1),
      msLivenessPerFaceMedian: round(median(ms.map((o) => o.msLiveness!)), 1),
      msLivenessPerFaceMean: round(mean(ms.map((o) => o.msLiveness!)), 1),
    };
    console.log(`liveness: ${items.length} pictures (${figures.real} real, ${figures.attacks} screen replays) from ${sources.length} sources; no face found in ${figures.noFaceFound} (${figures.noFaceFoundReal} real)`);
    console.log(`AUC ${figures.auc} on the ${found.length} faces found`);
    console.log(`at BPCER ${BPCER_TARGET * 100}% (threshold chosen on this set): ${fmt(best)}`);
    console.log(`served at the default threshold: APCER ${figures.servedApcer}, BPCER ${figures.servedBpcer}, ACER ${figures.servedAcer}`);
    console.log(`end to end at that threshold, a picture without a face counted as rejected: APCER ${figures.endToEndApcer}, BPCER ${figures.endToEndBpcer}`);
    for (const s of sources) {
      const name = s.split('/')[0];
      console.log(`  ${s}: AUC ${figures[`auc_${name}`]}, APCER ${figures[`apcerAtThreshold_${name}`]}, BPCER ${figures[`bpcerAtThreshold_${name}`]}`);
    }
    console.log('ROC (threshold: APCER / BPCER):');
    for (const p of roc) console.log(`  ${fmt(p)}`);
    console.log(`ms per face: whole pipeline ${figures.msPerFaceImageMedian} (median), liveness step alone ${figures.msLivenessPerFaceMedian} (median), ${figures.msLivenessPerFaceMean} (mean)`);
    return figures;
  },
};
