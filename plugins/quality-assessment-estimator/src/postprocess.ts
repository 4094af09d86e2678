/**
 * The contract's 29 fields from one assessment, in the contract's order
 * and scales (its v2 example): 0..1 scores with two decimals, pixels and
 * degrees as integers, dynamic range in bits with two decimals.
 */
import type { QualityMeasures } from '@facelab/core';
import type { Assessment } from './assess.ts';
import { decide, type QualityThresholds } from './thresholds.ts';
import { totalScore } from './total.ts';

const score = (x: number): number => (Number.isFinite(x) ? Math.round(Math.min(1, Math.max(0, x)) * 100) / 100 : 0);
const integer = (x: number): number => (Number.isFinite(x) ? Math.round(x) + 0 : 0);

export function qualityMeasures(a: Assessment, thresholds: QualityThresholds): QualityMeasures {
  const d = decide(a, thresholds);
  return {
    totalScore: score(totalScore(a)),
    isSharp: d.isSharp,
    sharpnessScore: score(a.sharpness.score),
    isEvenlyIlluminated: d.isEvenlyIlluminated,
    illuminationScore: score(a.illumination.score),
    noFlare: d.noFlare,
    isLeftEyeOpened: d.isLeftEyeOpened,
    leftEyeOpennessScore: score(a.eyes[0].score),
    isRightEyeOpened: d.isRightEyeOpened,
    rightEyeOpennessScore: score(a.eyes[1].score),
    isRotationAcceptable: d.isRotationAcceptable,
    maxRotationDeviation: integer(a.rotation.max),
    notMasked: d.notMasked,
    notMaskedScore: score(a.notMasked.score),
    isNeutralEmotion: d.isNeutralEmotion,
    neutralEmotionScore: score(a.neutral.score),
    isEyesDistanceAcceptable: d.isEyesDistanceAcceptable,
    eyesDistance: integer(a.eyeDistance),
    isMarginsAcceptable: d.isMarginsAcceptable,
    marginOuterDeviation: integer(a.margins.outer),
    marginInnerDeviation: integer(a.margins.inner),
    isNotNoisy: d.isNotNoisy,
    noiseScore: score(a.noise.score),
    watermarkScore: score(a.watermark.score),
    hasWatermark: d.hasWatermark,
    dynamicRangeScore: Number.isFinite(a.dynamicRange.bits) ? Math.round(a.dynamicRange.bits * 100) / 100 : 0,
    isDynamicRangeAcceptable: d.isDynamicRangeAcceptable,
    backgroundUniformityScore: score(a.background.score),
    isBackgroundUniform: d.isBackgroundUniform,
  };
}
