/**
 * Face verification on the dev LFW photos (View-2 fold 1: 300 genuine and
 * 300 impostor pairs), through the services as a client calls them:
 * face-detector-face-fitter finds and fits the faces of each photo, the
 * face nearest the centre (the one LFW labels) goes to template-extractor
 * (process/sample, timed: the extraction time per face), and each pair
 * goes to verify-matcher.
 *
 * Figures: accuracy at the best threshold, TAR at FAR 1e-2 and 1e-3, the
 * ROC, and whether the fa_r the server reports matches the FAR measured
 * here. 300 impostors cannot measure a FAR of 1e-3 (one false accept is
 * 3.3e-3), so the same figures are also given on every pair of dev photos
 * ("all pairs": same identity = genuine, different = impostor), with the
 * distance computed by verify-matcher's own function from the templates.
 * A photo where no face is found makes its pairs rejections.
 */
import { decodeBase64 } from '@facelab/core';
import { decodeTemplate, TEMPLATE_KEY } from '@facelab/template-extractor';
import { CALIBRATION, ratesAt, templateDistance, thresholdFor } from '@facelab/verify-matcher';
import type { EvalContext, EvalSuite } from '../context.ts';

interface VerificationSet {
  images: { file: string; identity: string }[];
  pairs: { a: string; b: string; same: boolean }[];
}

const FARS = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3];

const centre = (o: any): number => Math.hypot((o.bbox[0] + o.bbox[2]) / 2 - 0.5, (o.bbox[1] + o.bbox[3]) / 2 - 0.5);

/** TAR at the largest threshold that accepts at most `far` of the impostors (accept when d <= t). */
export function tarAtFar(genuine: number[], impostor: number[], far: number): { tar: number; threshold: number } {
  const imp = [...impostor].sort((x, y) => x - y);
  const allowed = Math.floor(far * imp.length);
  // Accept d < imp[allowed]: exactly `allowed` impostors pass.
  const threshold = allowed < imp.length ? imp[allowed] : Infinity;
  return { tar: genuine.filter((d) => d < threshold).length / genuine.length, threshold };
}

/** Best accuracy over all thresholds, and that threshold. */
export function bestAccuracy(genuine: number[], impostor: number[]): { accuracy: number; threshold: number } {
  const all = [...genuine.map((d) => [d, 1] as const), ...impostor.map((d) => [d, 0] as const)].sort((x, y) => x[0] - y[0]);
  let correct = impostor.length; // threshold below everything: all rejected
  let best = { accuracy: correct / all.length, threshold: 0 };
  for (let i = 0; i < all.length; i++) {
    correct += all[i][1] === 1 ? 1 : -1;
    if (i + 1 < all.length && all[i + 1][0] === all[i][0]) continue;
    const threshold = i + 1 < all.length ? (all[i][0] + all[i + 1][0]) / 2 : all[i][0] + 1e-9;
    if (correct / all.length > best.accuracy) best = { accuracy: correct / all.length, threshold };
  }
  return best;
}

/** Share of `values` at most `t`. */
const shareAtMost = (values: number[], t: number): number => values.filter((d) => d <= t).length / values.length;

interface Extracted {
  /** The v2 template entry as the server sent it. */
  entry: Record<string, unknown>;
  embedding: Float32Array;
}

async function templates(ctx: EvalContext, set: VerificationSet): Promise<{ embeddings: Map<string, Extracted>; ms: number[] }> {
  const embeddings = new Map<string, Extracted>();
  const ms: number[] = [];
  for (const { file } of set.images) {
    const image = { blob: ctx.read(file).toString('base64') };
    const fitted = await ctx.call('/face-detector-face-fitter/v2/process/sample', { _image: image });
    const face = (fitted.json.objects ?? []).sort((x: any, y: any) => centre(x) - centre(y))[0];
    if (!face) continue;
    const extracted = await ctx.call('/template-extractor/v2/process/sample', { _image: image, objects: [face] });
    ms.push(extracted.ms);
    const t = extracted.json.objects?.[0]?.template?.[TEMPLATE_KEY];
    if (t) embeddings.set(file, { entry: t, embedding: decodeTemplate({ key: TEMPLATE_KEY, dtype: t.dtype, shape: t.shape, data: decodeBase64(t.blob) }, 0) });
  }
  return { embeddings, ms };
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

export const suite: EvalSuite = {
  name: 'verification',
  async run(ctx) {
    const set = ctx.manifest.categories.verification as VerificationSet;
    const { embeddings, ms } = await templates(ctx, set);
    const missing = set.images.length - embeddings.size;

    // The official pairs, through verify-matcher.
    const official = { genuine: [] as number[], impostor: [] as number[] };
    let rateMismatch = 0;
    let brier = 0;
    for (const pair of set.pairs) {
      const a = embeddings.get(pair.a);
      const b = embeddings.get(pair.b);
      let distance = Infinity;
      let score = 0;
      if (a && b) {
        const objects = [a, b].map((e) => ({ class: 'face', template: { [TEMPLATE_KEY]: e.entry } }));
        const res = await ctx.call('/verify-matcher/v2/process/sample', { objects });
        ({ distance, score } = res.json.verification);
        if (Math.abs(res.json.verification.fa_r - ratesAt(CALIBRATION, distance).fa_r) > 1e-12) rateMismatch++;
      }
      (pair.same ? official.genuine : official.impostor).push(distance);
      brier += (score - (pair.same ? 1 : 0)) ** 2;
    }

    // Every pair of dev photos, by verify-matcher's distance function.
    const all = { genuine: [] as number[], impostor: [] as number[] };
    const files = set.images.map((i) => i.file);
    const identity = new Map(set.images.map((i) => [i.file, i.identity]));
    for (let i = 0; i < files.length; i++) {
      for (let j = i + 1; j < files.length; j++) {
        const a = embeddings.get(files[i]);
        const b = embeddings.get(files[j]);
        const d = a && b ? templateDistance(a.embedding, b.embedding) : Infinity;
        (identity.get(files[i]) === identity.get(files[j]) ? all.genuine : all.impostor).push(d);
      }
    }

    const best = bestAccuracy(official.genuine, official.impostor);
    const figures: Record<string, number | string> = {
      photos: set.images.length,
      photos_without_template: missing,
      accuracy_best_threshold: best.accuracy,
      best_threshold: best.threshold,
      brier_score: brier / set.pairs.length,
      reported_fa_r_mismatches: rateMismatch,
      extraction_ms_per_face: ms.reduce((s, v) => s + v, 0) / Math.max(1, ms.length),
      all_pairs_genuine: all.genuine.length,
      all_pairs_impostor: all.impostor.length,
    };
    console.log(`${embeddings.size}/${set.images.length} photos gave a template; extraction ${(figures.extraction_ms_per_face as number).toFixed(1)} ms per face (template-extractor process/sample, one face, picture decode included)`);
    console.log(`official pairs: accuracy ${pct(best.accuracy)} at distance ${best.threshold.toFixed(3)}; Brier score of the reported score ${(brier / set.pairs.length).toFixed(4)}`);
    for (const [name, data] of [['official', official], ['all_pairs', all]] as const) {
      for (const far of [1e-2, 1e-3, ...(name === 'all_pairs' ? [1e-4] : [])]) {
        const { tar, threshold } = tarAtFar(data.genuine, data.impostor, far);
        figures[`${name}_tar_at_far_${far}`] = tar;
        console.log(`${name}: TAR ${pct(tar)} at FAR ${far} (distance < ${threshold.toFixed(3)}; ${data.impostor.length} impostors)`);
      }
    }
    console.log('ROC and fa_r agreement, at the thresholds where the server reports fa_r = r:');
    console.log('  r        distance  measured FAR (all pairs)  ratio   official FAR  reported fr_r  measured FRR (all)  TAR (all)');
    for (const r of FARS) {
      const t = thresholdFor(CALIBRATION, r);
      const measured = shareAtMost(all.impostor, t);
      const frr = 1 - shareAtMost(all.genuine, t);
      figures[`measured_far_at_reported_${r}`] = measured;
      figures[`far_ratio_at_reported_${r}`] = measured / r;
      figures[`tar_all_at_reported_${r}`] = 1 - frr;
      console.log(
        `  ${r.toExponential(0).padEnd(8)} ${t.toFixed(3).padEnd(9)} ${measured.toExponential(2).padEnd(25)} ${(measured / r).toFixed(2).padEnd(7)} ${shareAtMost(official.impostor, t).toExponential(2).padEnd(13)} ${ratesAt(CALIBRATION, t).fr_r.toExponential(2).padEnd(14)} ${frr.toExponential(2).padEnd(19)} ${pct(1 - frr)}`,
      );
    }
    return figures;
  },
};
