/**
 * The head's input rows: every face's measured cues and the two models'
 * "real" scores (as logits), in HEAD_FEATURES order. The unit and the
 * training script both build rows here, so the head sees in service exactly
 * what it was trained on.
 */
import { float32Tensor, type ModelSession, type RawImage } from '@facelab/core';
import type { FaceFrame } from './crop.ts';
import { CUE_NAMES, measureCues, type CueName } from './cues.ts';
import { ANTISPOOF, HEAD_FEATURES, LIVENESS, type ScoreModel } from './models.ts';
import { cueCrop, modelBatch } from './preprocess.ts';

export interface ScoreSessions {
  antispoof: ModelSession;
  liveness: ModelSession;
}

export interface FaceFeatures {
  /** [faces x HEAD_FEATURES.length], row-major. */
  rows: Float32Array;
  /** Each model's P(real) per face, as the model gives it. */
  antispoof: Float32Array;
  liveness: Float32Array;
  /** Every measured cue per face, in CUE_NAMES order (the head uses some of them). */
  cues: Float64Array[];
}

/** Scores are clamped before the logit so a saturated sigmoid stays finite. */
const EPS = 1e-6;

export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

/** Runs both models on every face in one batch each and measures the cues. */
export async function faceFeatures(picture: RawImage, frames: readonly FaceFrame[], sessions: ScoreSessions): Promise<FaceFeatures> {
  const [antispoof, liveness] = await Promise.all([
    realScores(sessions.antispoof, ANTISPOOF, picture, frames),
    realScores(sessions.liveness, LIVENESS, picture, frames),
  ]);
  const cues = frames.map((frame) => measureCues(cueCrop(picture, frame)));
  const width = HEAD_FEATURES.length;
  const rows = new Float32Array(frames.length * width);
  frames.forEach((_, i) => rows.set(headRow(HEAD_FEATURES, cues[i], antispoof[i], liveness[i]), i * width));
  return { rows, antispoof, liveness, cues };
}

/** A candidate head input: a cue by name, or a model's score as a logit. */
export type FeatureName = CueName | 'antispoof_logit' | 'liveness_logit';

/** Every input the head could take, in a fixed order. */
export const CANDIDATE_FEATURES: readonly FeatureName[] = [...CUE_NAMES, 'antispoof_logit', 'liveness_logit'];

/** The named inputs of one face. */
export function headRow(names: readonly FeatureName[], cues: ArrayLike<number>, antispoof: number, liveness: number): number[] {
  return names.map((name) => (name === 'antispoof_logit' ? logit(antispoof) : name === 'liveness_logit' ? logit(liveness) : cues[CUE_NAMES.indexOf(name)]));
}

async function realScores(session: ModelSession, model: ScoreModel, picture: RawImage, frames: readonly FaceFrame[]): Promise<Float32Array> {
  const batch = modelBatch(picture, frames, model);
  const out = await session.run({ [model.input]: float32Tensor(batch, [frames.length, model.size, model.size, 3]) }, [model.output]);
  const data = out[model.output].data as Float32Array;
  const columns = data.length / frames.length;
  return Float32Array.from(frames, (_, i) => data[i * columns + model.realIndex]);
}
