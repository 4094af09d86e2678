/**
 * The `emotion` unit: every face of the request located inside its box
 * (the canonical frame, @facelab/face-fitter), then through the emotion
 * model (a crop 1.28 face frames wide, FER-2013's framing, levelled on the
 * eyes past 10 degrees of roll), adding all seven `emotions`.
 */
import { cropLength, float32Tensor, type ModelSession, type UnitDefinition, type UnitInput, type UnitOutput } from '@facelab/core';
import { cropBatch, frameCrops, mergeMirrors, pickFaces } from '@facelab/age-estimator';
import { createFaceFramer, FRAMER_MODEL } from '@facelab/face-fitter';
import { checkEntry, SERVED_EMOTION_MODEL, type EmotionModel } from './models.ts';
import { blendLogLinear, softmaxRows, toEmotions } from './postprocess.ts';

export interface EmotionUnitOptions {
  /** Average each face with its mirror image (twice the compute); default: the model's `flip`. */
  flip?: boolean;
  /** A second model blended in (default: the model's `blend`; null for none). */
  blend?: EmotionModel['blend'] | null;
  /** The model and its framing (default SERVED_EMOTION_MODEL, the trained head on faceplugin's expression network; EMOTION_MODEL is its own classifier with a prior correction, MINI_XCEPTION_MODEL the earliest). */
  model?: EmotionModel;
}

/**
 * The model's class probabilities for `count` crops: one run for the
 * batch, or one run per `model.batch` crops where the graph fixes it.
 */
async function classify(sessions: Sessions, model: EmotionModel, data: Float32Array, count: number): Promise<Float32Array> {
  const per = cropLength(model.tensor);
  const classes = model.labels.length;
  const step = model.batch ?? count;
  const output = model.head ? model.features! : model.output;
  const runs: Float32Array[] = [];
  for (let start = 0; start < count; start += step) {
    const n = Math.min(step, count - start);
    const shape = model.tensor.layout === 'nhwc' ? [n, model.size, model.size, 1] : [n, 3, model.size, model.size];
    const out = await sessions.model.run({ [model.input]: float32Tensor(data.slice(start * per, (start + n) * per), shape) }, [output]);
    runs.push(out[output].data as Float32Array);
  }
  let probs: Float32Array;
  if (model.head && sessions.head) {
    // The pooled features of every crop, then the head once over all of them.
    const features = concat(runs);
    const width = features.length / count;
    const out = await sessions.head.run({ [model.head.input]: float32Tensor(features, [count, width]) }, [model.head.output]);
    probs = Float32Array.from((out[model.head.output].data as Float32Array).subarray(0, count * classes));
  } else {
    probs = new Float32Array(count * classes);
    let at = 0;
    for (const r of runs) {
      const n = Math.min(r.length, count * classes - at);
      probs.set(r.subarray(0, n), at);
      at += n;
    }
    if (model.logits) softmaxRows(probs, classes);
  }
  const weights = model.classWeights;
  if (weights) probs.forEach((p, i) => (probs[i] = p * weights[i % classes]));
  return probs;
}

interface Sessions {
  model: ModelSession;
  head?: ModelSession;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The `emotion` unit alone. */
export function emotionUnit(options: EmotionUnitOptions = {}): UnitDefinition {
  const model = options.model ?? SERVED_EMOTION_MODEL;
  const flip = options.flip ?? model.flip ?? false;
  const blend = options.blend === undefined ? model.blend : options.blend ?? undefined;
  const members = blend ? [model, blend.model] : [model];
  const ids = [...new Set(members.flatMap((m) => (m.head ? [m.id, m.head.id] : [m.id])))];
  return {
    name: 'emotion',
    objectClass: 'face',
    requires: ['bbox'],
    provides: ['emotions'],
    models: [...ids, FRAMER_MODEL],
    async setup({ inference }) {
      for (const m of members) checkEntry(m, inference.entry(m.id));
      const load = async (m: EmotionModel): Promise<Sessions> => ({ model: await inference.load(m.id), head: m.head ? await inference.load(m.head.id) : undefined });
      const sessions = await Promise.all(members.map(load));
      const framer = await createFaceFramer(inference);
      const classes = model.labels.length;
      return {
        async run({ image, objects }: UnitInput): Promise<UnitOutput> {
          const picked = pickFaces(objects);
          if (!image || picked.length === 0) return { objects };
          const framed = await framer.frames(image, picked.map((i) => objects[i]));
          let crop = 0;
          let infer = 0;
          const outputs: Float32Array[] = [];
          for (const [i, m] of members.entries()) {
            const began = performance.now();
            const picture = await image.forFaces(framed.frames.map((f) => f.box), m.crop.scale, m.size);
            const crops = frameCrops(framed.frames, picture.width, picture.height, m.crop);
            const batch = cropBatch(picture, crops, m.tensor, flip);
            const cropped = performance.now();
            const raw = await classify(sessions[i], m, batch.data, batch.count);
            outputs.push(flip ? mergeMirrors(raw, picked.length, classes) : raw);
            crop += cropped - began;
            infer += performance.now() - cropped;
          }
          const probs = blend ? blendLogLinear(outputs[0], outputs[1], blend.weight, classes) : outputs[0];
          const result = objects.slice();
          picked.forEach((index, k) => {
            result[index] = { ...framed.faces[k], emotions: toEmotions(probs, k * classes, model) };
          });
          return { objects: result, timings: { locate: framed.ms, crop, infer } };
        },
      };
    },
  };
}
