/**
 * Every boolean of the contract, decided here and nowhere else, from the
 * assessment and one table of thresholds. The defaults follow ISO/IEC
 * 19794-5 / 39794-5 and ICAO 9303 portrait requirements where those give
 * a number (pose, eye distance); the others are ours, set on the face-api
 * sample photos and their degraded copies (see each measure's file), never
 * on the eval set. Callers may override any of them
 * (`qualityAssessmentEstimator({ thresholds })`).
 */
import type { Assessment } from './assess.ts';

export interface QualityThresholds {
  /** isSharp: sharpnessScore at least. */
  sharpness: number;
  /** isEvenlyIlluminated: illuminationScore at least. */
  illumination: number;
  /** noFlare: share of clipped face pixels below. */
  flareShare: number;
  /** is{Left,Right}EyeOpened: openness score at least. */
  eyeOpenness: number;
  /** isRotationAcceptable: |yaw|, |pitch|, |roll| at most, degrees (ICAO: 5, 5, 8). */
  yaw: number;
  pitch: number;
  roll: number;
  /** notMasked (lip fallback only; the mask unit's own decision wins): notMaskedScore at least. */
  notMasked: number;
  /** isNeutralEmotion (geometry fallback only; with emotions, `neutral` must be the top class): score at least. */
  neutral: number;
  /** isEyesDistanceAcceptable: eyesDistance at least, pixels (ISO/IEC 39794-5: 90). */
  eyeDistance: number;
  /** isMarginsAcceptable: both deviations at most, pixels. */
  marginDeviation: number;
  /** isNotNoisy: noiseScore at least. */
  noise: number;
  /** hasWatermark: watermarkScore at least. */
  watermark: number;
  /** isDynamicRangeAcceptable: luminance entropy at least, bits. */
  dynamicRange: number;
  /** isBackgroundUniform: backgroundUniformityScore at least. */
  background: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = {
  sharpness: 0.5,
  illumination: 0.5,
  flareShare: 0.01,
  eyeOpenness: 0.5,
  yaw: 5,
  pitch: 5,
  roll: 8,
  notMasked: 0.5,
  neutral: 0.5,
  eyeDistance: 90,
  marginDeviation: 0,
  noise: 0.5,
  watermark: 0.5,
  dynamicRange: 5,
  background: 0.8,
};

export interface QualityDecisions {
  isSharp: boolean;
  isEvenlyIlluminated: boolean;
  noFlare: boolean;
  isLeftEyeOpened: boolean;
  isRightEyeOpened: boolean;
  isRotationAcceptable: boolean;
  notMasked: boolean;
  isNeutralEmotion: boolean;
  isEyesDistanceAcceptable: boolean;
  isMarginsAcceptable: boolean;
  isNotNoisy: boolean;
  hasWatermark: boolean;
  isDynamicRangeAcceptable: boolean;
  isBackgroundUniform: boolean;
}

const within = (angle: number | undefined, limit: number): boolean => angle === undefined || Math.abs(angle) <= limit;

export function decide(a: Assessment, t: QualityThresholds = DEFAULT_THRESHOLDS): QualityDecisions {
  return {
    isSharp: a.sharpness.score >= t.sharpness,
    isEvenlyIlluminated: a.illumination.score >= t.illumination,
    noFlare: a.flare.share < t.flareShare,
    isLeftEyeOpened: a.eyes[0].score >= t.eyeOpenness,
    isRightEyeOpened: a.eyes[1].score >= t.eyeOpenness,
    isRotationAcceptable: within(a.rotation.yaw, t.yaw) && within(a.rotation.pitch, t.pitch) && within(a.rotation.roll, t.roll),
    notMasked: a.notMasked.masked !== undefined ? !a.notMasked.masked : a.notMasked.score >= t.notMasked,
    isNeutralEmotion: a.neutral.neutralIsTop !== undefined ? a.neutral.neutralIsTop : a.neutral.score >= t.neutral,
    isEyesDistanceAcceptable: a.eyeDistance >= t.eyeDistance,
    isMarginsAcceptable: a.margins.outer <= t.marginDeviation && a.margins.inner <= t.marginDeviation,
    isNotNoisy: a.noise.score >= t.noise,
    hasWatermark: a.watermark.score >= t.watermark,
    isDynamicRangeAcceptable: a.dynamicRange.bits >= t.dynamicRange,
    isBackgroundUniform: a.background.score >= t.background,
  };
}
