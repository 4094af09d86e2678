/**
 * The `liveness` unit at run time: for every face of the request, the crop
 * of its box (spoof-crop.ts, 1.2x the box) through `fr-liveness-embed` (one
 * run per face: the model's batch is fixed at 1), its embedding divided by
 * its length, beside `dtn-antispoof` at 1.0x and 1.5x the box (dtn-score.ts), then the trained head's
 * P(real) for all faces in one run, then the decision. Only the box is
 * read, so a face sent with just a `bbox` gets the same answer as the same
 * face found by the detector. Objects of other classes, and faces without a
 * usable box, pass through.
 */
import { float32Tensor, type BBox, type ModelSession, type SampleObject, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import { DTN_SCALES, dtnReading, dtnRealness } from './dtn-score.ts';
import { EMBED_HEAD } from './models.ts';
import { decide, thresholdParam } from './postprocess.ts';
import { SERVED_CROP_SCALE } from './spoof-crop.ts';
import { spoofEmbedding } from './spoof-score.ts';

export interface EstimatorSessions {
  embed: ModelSession;
  dtn: ModelSession;
  head: ModelSession;
}

export function createEstimator(sessions: EstimatorSessions, threshold: number): UnitInstance {
  return {
    async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
      const limit = thresholdParam(params, threshold);
      if (!image) return { objects };
      const targets: { index: number; bbox: BBox }[] = [];
      objects.forEach((o, index) => {
        if ((o.class ?? 'face') !== 'face' || !o.bbox) return;
        const [x1, y1, x2, y2] = o.bbox;
        if ((x2 - x1) * image.width > 1 && (y2 - y1) * image.height > 1) targets.push({ index, bbox: o.bbox });
      });
      if (targets.length === 0) return { objects };
      const began = performance.now();
      const picture = await image.full();
      const decoded = performance.now();
      const size = EMBED_HEAD.features.length;
      const rows = new Float32Array(targets.length * size);
      for (const [n, { bbox }] of targets.entries()) {
        const { embedding } = await spoofEmbedding(sessions.embed, picture, bbox, { scale: SERVED_CROP_SCALE, shape: 'square' });
        const length = Math.hypot(...embedding) || 1;
        rows.set(embedding.map((v) => v / length), n * size);
        for (const [k, scale] of DTN_SCALES.entries()) rows[n * size + embedding.length + k] = dtnRealness((await dtnReading(sessions.dtn, picture, bbox, scale)).score);
      }
      const embedded = performance.now();
      const out = await sessions.head.run({ [EMBED_HEAD.input]: float32Tensor(rows, [targets.length, size]) }, [EMBED_HEAD.output]);
      const real = out[EMBED_HEAD.output].data as Float32Array;
      const result = [...objects];
      targets.forEach(({ index }, n) => {
        result[index] = { ...objects[index], liveness: decide(real[n], limit) } satisfies SampleObject;
      });
      return { objects: result, timings: { decode: decoded - began, embed: embedded - decoded, head: performance.now() - embedded } };
    },
  };
}
