/**
 * The `liveness` unit at run time: every face of the request located inside
 * its box (locate-face.ts: the fitter's points when the object has them,
 * else the mesh, once per request), then the square crop of SERVED_CROP_SCALE
 * times the located face's frame (spoof-crop.ts) through `fr-liveness-embed`
 * (one run per face: the model's batch is fixed at 1), its embedding divided
 * by its length, beside `dtn-antispoof` at DTN_SCALES times the frame
 * (dtn-score.ts), then the trained head's P(real) for all faces in one run,
 * then the decision. The crop follows the face, not the box's convention, so
 * a face sent with a tight, loose or the detector's box gets the same answer
 * as the same face found by the detector. Objects of other classes, and
 * faces without a usable box, pass through.
 */
import { float32Tensor, type ModelSession, type SampleObject, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import type { FaceFramer } from '@facelab/face-fitter';
import { DTN_SCALES, dtnReading, dtnRealness } from './dtn-score.ts';
import { locateFaces } from './locate-face.ts';
import { EMBED_HEAD } from './models.ts';
import { decide, thresholdParam } from './postprocess.ts';
import { SERVED_CROP_SCALE } from './spoof-crop.ts';
import { spoofEmbedding } from './spoof-score.ts';

export interface EstimatorSessions {
  embed: ModelSession;
  dtn: ModelSession;
  head: ModelSession;
}

export function createEstimator(sessions: EstimatorSessions, framer: FaceFramer, threshold: number): UnitInstance {
  return {
    async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
      const limit = thresholdParam(params, threshold);
      if (!image) return { objects };
      const targets: number[] = [];
      objects.forEach((o, index) => {
        if ((o.class ?? 'face') !== 'face' || !o.bbox) return;
        const [x1, y1, x2, y2] = o.bbox;
        if ((x2 - x1) * image.width > 1 && (y2 - y1) * image.height > 1) targets.push(index);
      });
      if (targets.length === 0) return { objects };
      const located = await locateFaces(framer, image, targets.map((i) => objects[i]));
      const began = performance.now();
      const picture = await image.full();
      const decoded = performance.now();
      const size = EMBED_HEAD.features.length;
      const rows = new Float32Array(targets.length * size);
      for (const [n, bbox] of located.boxes.entries()) {
        const { embedding } = await spoofEmbedding(sessions.embed, picture, bbox, { scale: SERVED_CROP_SCALE, shape: 'square' });
        const length = Math.hypot(...embedding) || 1;
        rows.set(embedding.map((v) => v / length), n * size);
        for (const [k, scale] of DTN_SCALES.entries()) rows[n * size + embedding.length + k] = dtnRealness((await dtnReading(sessions.dtn, picture, bbox, scale)).score);
      }
      const embedded = performance.now();
      const out = await sessions.head.run({ [EMBED_HEAD.input]: float32Tensor(rows, [targets.length, size]) }, [EMBED_HEAD.output]);
      const real = out[EMBED_HEAD.output].data as Float32Array;
      const result = [...objects];
      targets.forEach((index, n) => {
        result[index] = { ...located.faces[n], liveness: decide(real[n], limit) } satisfies SampleObject;
      });
      return { objects: result, timings: { locate: located.ms, decode: decoded - began, embed: embedded - decoded, head: performance.now() - embedded } };
    },
  };
}
