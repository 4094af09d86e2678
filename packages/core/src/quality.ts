/**
 * The 29 quality measures of the contract. The sample keeps the v1 names
 * (camelCase, inside `quality.qaa`); v2 writes the same values flat in
 * snake_case. Order follows the contract's example.
 */
export const QUALITY_FIELDS = [
  ['totalScore', 'total_score'],
  ['isSharp', 'is_sharp'],
  ['sharpnessScore', 'sharpness_score'],
  ['isEvenlyIlluminated', 'is_evenly_illuminated'],
  ['illuminationScore', 'illumination_score'],
  ['noFlare', 'no_flare'],
  ['isLeftEyeOpened', 'is_left_eye_opened'],
  ['leftEyeOpennessScore', 'left_eye_openness_score'],
  ['isRightEyeOpened', 'is_right_eye_opened'],
  ['rightEyeOpennessScore', 'right_eye_openness_score'],
  ['isRotationAcceptable', 'is_rotation_acceptable'],
  ['maxRotationDeviation', 'max_rotation_deviation'],
  ['notMasked', 'not_masked'],
  ['notMaskedScore', 'not_masked_score'],
  ['isNeutralEmotion', 'is_neutral_emotion'],
  ['neutralEmotionScore', 'neutral_emotion_score'],
  ['isEyesDistanceAcceptable', 'is_eyes_distance_acceptable'],
  ['eyesDistance', 'eyes_distance'],
  ['isMarginsAcceptable', 'is_margins_acceptable'],
  ['marginOuterDeviation', 'margin_outer_deviation'],
  ['marginInnerDeviation', 'margin_inner_deviation'],
  ['isNotNoisy', 'is_not_noisy'],
  ['noiseScore', 'noise_score'],
  ['watermarkScore', 'watermark_score'],
  ['hasWatermark', 'has_watermark'],
  ['dynamicRangeScore', 'dynamic_range_score'],
  ['isDynamicRangeAcceptable', 'is_dynamic_range_acceptable'],
  ['backgroundUniformityScore', 'background_uniformity_score'],
  ['isBackgroundUniform', 'is_background_uniform'],
] as const;

export type QualityName = (typeof QUALITY_FIELDS)[number][0];
export type QualitySnakeName = (typeof QUALITY_FIELDS)[number][1];

/** Quality measures by v1 name; a decoded request may carry any subset, and unknown keys survive. */
export type QualityMeasures = Partial<Record<QualityName, number | boolean>> & Record<string, unknown>;

const SNAKE_BY_CAMEL = new Map<string, string>(QUALITY_FIELDS.map(([c, s]) => [c, s]));
const CAMEL_BY_SNAKE = new Map<string, string>(QUALITY_FIELDS.map(([c, s]) => [s, c]));

/** v1 `qaa` object to v2 flat fields; unknown keys are kept as they are. */
export function qualityToSnake(measures: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(measures)) out[SNAKE_BY_CAMEL.get(key) ?? key] = value;
  return out;
}

/** v2 flat fields to v1 `qaa` names; unknown keys are kept as they are. */
export function qualityToCamel(measures: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(measures)) out[CAMEL_BY_SNAKE.get(key) ?? key] = value;
  return out;
}
