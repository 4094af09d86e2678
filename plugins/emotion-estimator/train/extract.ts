/**
 * Measures every training face once and caches the rows in a flat float32
 * file (ROW floats a face, in the items' order), appended as it goes so an
 * interrupted run resumes. The face is the whole 48x48 picture (FER-2013's
 * own framing, which the served crop reproduces around the located face),
 * plain and mirrored, through the served crop code (cropBatch).
 */
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, float32Tensor, ImageSource, type ImageCodec, type InferenceBackend } from '@facelab/core';
import { cropBatch, type FaceCrop } from '@facelab/age-estimator';
import { EMOTION_EMBED_MODEL, MINI_XCEPTION_MODEL } from '../src/models.ts';
import type { TrainItem } from './data.ts';

export const CLASSES = 7;
export const FEATURES = 1024;
/** Per view (plain, mirrored): fr-expression logits, its pooled features, mini-Xception probabilities. */
export const VIEW = CLASSES + FEATURES + CLASSES;
export const ROW = 2 * VIEW;

export interface Extracted {
  /** ROW floats per face, items' order, as many faces as are cached. */
  rows: Float32Array;
  count: number;
}

export async function extractRows(dir: string, items: readonly TrainItem[], inference: InferenceBackend, codec: ImageCodec, cachePath: string, limit: number, log: (m: string) => void): Promise<Extracted> {
  const rowsOnDisk = existsSync(cachePath) ? statSync(cachePath).size / (ROW * 4) : 0;
  let done = Math.floor(rowsOnDisk);
  const target = Math.min(limit, items.length);
  if (done < target) {
    // Another run may be appending; a torn last row is only an error when this run appends too.
    if (done !== rowsOnDisk) throw new Error(`${cachePath} is not a whole number of rows; delete it`);
    const embed = await inference.load(EMOTION_EMBED_MODEL.id);
    const xception = await inference.load(MINI_XCEPTION_MODEL.id);
    const began = performance.now();
    const start = done;
    for (; done < target; done++) {
      appendFileSync(cachePath, Buffer.from((await measure(join(dir, items[done].file), codec, embed, xception)).buffer));
      if ((done + 1) % 250 === 0) log(`${done + 1} / ${target} faces, ${((performance.now() - began) / (done + 1 - start)).toFixed(0)} ms a face`);
    }
  }
  const bytes = readFileSync(cachePath);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return { rows: all.slice(0, target * ROW), count: target };
}

type Session = Awaited<ReturnType<InferenceBackend['load']>>;

async function measure(path: string, codec: ImageCodec, embed: Session, xception: Session): Promise<Float32Array> {
  const picture = await ImageSource.open(readFileSync(path), codec, DEFAULT_IMAGE_LIMITS, ['image']).full();
  const whole: FaceCrop = { cx: picture.width / 2, cy: picture.height / 2, side: Math.max(picture.width, picture.height), angle: 0 };
  const row = new Float32Array(ROW);
  const big = cropBatch(picture, [whole], EMOTION_EMBED_MODEL.tensor, true);
  const small = cropBatch(picture, [whole], MINI_XCEPTION_MODEL.tensor, true);
  const per = big.data.length / 2;
  const x = await xception.run({ [MINI_XCEPTION_MODEL.input]: float32Tensor(small.data, [2, 64, 64, 1]) }, [MINI_XCEPTION_MODEL.output]);
  for (let view = 0; view < 2; view++) {
    const out = await embed.run({ [EMOTION_EMBED_MODEL.input]: float32Tensor(big.data.slice(view * per, (view + 1) * per), [1, 3, 224, 224]) }, [EMOTION_EMBED_MODEL.output, EMOTION_EMBED_MODEL.features!]);
    row.set(out[EMOTION_EMBED_MODEL.output].data as Float32Array, view * VIEW);
    row.set(out[EMOTION_EMBED_MODEL.features!].data as Float32Array, view * VIEW + CLASSES);
    row.set((x[MINI_XCEPTION_MODEL.output].data as Float32Array).subarray(view * CLASSES, (view + 1) * CLASSES), view * VIEW + CLASSES + FEATURES);
  }
  return row;
}
