/**
 * Schemas of the attribute fields both versions share, and the value
 * conversions between wire and sample (enum case, age as a string).
 */
import * as v from 'valibot';
import type { Emotion, EmotionScore, Gender, LivenessValue } from '../sample.ts';

export const EMOTIONS: readonly Emotion[] = ['angry', 'disgusted', 'scared', 'happy', 'neutral', 'sad', 'surprised'];

const finite = v.pipe(v.number(), v.finite());
const unit = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const caseless = <T extends string>(values: readonly T[]) =>
  v.pipe(
    v.string(),
    // Kept in the JSON Schema of the OpenAPI document, which stops at the transform.
    v.description(`One of ${values.join(', ')}, in any case`),
    v.transform((s) => s.toLowerCase()),
    v.picklist(values as T[], `Expected one of ${values.join(', ')} (any case)`),
  );

// Normalised coordinates: a box may reach past the picture, but not to 1e308, where crops turn into NaN.
const coordinate = v.pipe(finite, v.minValue(-1, 'bbox values are normalised: each must be between -1 and 2'), v.maxValue(2, 'bbox values are normalised: each must be between -1 and 2'));
export const bboxSchema = v.pipe(v.array(coordinate), v.length(4, 'bbox must be [x1, y1, x2, y2]'));
export const poseSchema = v.looseObject({ yaw: finite, pitch: finite, roll: finite });
export const ageSchema = v.union([
  v.pipe(v.string(), v.regex(/^\s*\d+(\.\d+)?\s*$/, 'age must be a number of years'), v.transform(Number)),
  v.pipe(v.number(), v.minValue(0)),
]);
export const genderSchema = caseless<Gender>(['male', 'female']);
export const emotionsSchema = v.array(v.looseObject({ emotion: caseless<Emotion>(EMOTIONS), confidence: unit }));
export const livenessSchema = v.looseObject({ value: caseless<LivenessValue>(['real', 'fake']), confidence: unit });
export const maskSchema = v.looseObject({ value: v.boolean(), confidence: unit });
export const verificationSchema = v.looseObject({ distance: finite, fa_r: finite, fr_r: finite, score: finite });
export const baseObjectShape = {
  id: v.optional(v.union([v.number(), v.string()])),
  class: v.optional(v.string()),
  confidence: v.optional(finite),
  bbox: v.optional(bboxSchema),
};

export function emotionsToWire(emotions: EmotionScore[], upper: boolean): { confidence: number; emotion: string }[] {
  return emotions.map((e) => ({ confidence: e.confidence, emotion: upper ? e.emotion.toUpperCase() : e.emotion }));
}

export function ageToWire(age: number): string {
  return String(Math.round(age));
}

/** Copies the keys of `source` that are not in `known`. */
export function unknownFields(source: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) if (!known.includes(key)) extra[key] = value;
  return extra;
}
