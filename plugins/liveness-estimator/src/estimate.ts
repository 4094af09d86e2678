/**
 * The `liveness` unit at run time: for every face of the request, the
 * models' scores and the measured cues (one batched run per model), then
 * the trained head's P(real) for all faces in one run, then the decision.
 * Objects of other classes, and faces without a usable frame, pass through.
 */
import { float32Tensor, type ModelSession, type SampleObject, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import { faceFrame, type FaceFrame } from './crop.ts';
import { faceFeatures, type ScoreSessions } from './features.ts';
import { HEAD } from './models.ts';
import { decide, thresholdParam } from './postprocess.ts';

export interface EstimatorSessions extends ScoreSessions {
  head: ModelSession;
}

export function createEstimator(sessions: EstimatorSessions, threshold: number): UnitInstance {
  return {
    async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
      const limit = thresholdParam(params, threshold);
      if (!image) return { objects };
      const targets: { index: number; frame: FaceFrame }[] = [];
      objects.forEach((o, index) => {
        if ((o.class ?? 'face') !== 'face') return;
        const frame = faceFrame(o, image.width, image.height);
        if (frame) targets.push({ index, frame });
      });
      if (targets.length === 0) return { objects };
      const began = performance.now();
      const picture = await image.full();
      const decoded = performance.now();
      const features = await faceFeatures(picture, targets.map((t) => t.frame), sessions);
      const measured = performance.now();
      const out = await sessions.head.run({ [HEAD.input]: float32Tensor(features.rows, [targets.length, HEAD.features.length]) }, [HEAD.output]);
      const real = out[HEAD.output].data as Float32Array;
      const result = [...objects];
      targets.forEach(({ index }, n) => {
        result[index] = { ...objects[index], liveness: decide(real[n], limit) } satisfies SampleObject;
      });
      return { objects: result, timings: { decode: decoded - began, features: measured - decoded, head: performance.now() - measured } };
    },
  };
}
