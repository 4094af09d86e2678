/**
 * Every plugin of the all-in-one server. A custom build copies this file
 * and keeps the plugins it wants (a service's units must all be present:
 * the face-detector-* services need face-detector and face-fitter).
 */
import type { Plugin } from '@facelab/core';
import { ageEstimator } from '@facelab/age-estimator';
import { bodyDetector } from '@facelab/body-detector';
import { emotionEstimator } from '@facelab/emotion-estimator';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { genderEstimator } from '@facelab/gender-estimator';
import { livenessEstimator } from '@facelab/liveness-estimator';
import { maskEstimator } from '@facelab/mask-estimator';
import { qualityAssessmentEstimator } from '@facelab/quality-assessment-estimator';
import { templateExtractor } from '@facelab/template-extractor';
import { verifyMatcher } from '@facelab/verify-matcher';

export function allPlugins(): Plugin[] {
  return [faceDetector(), faceFitter(), ageEstimator(), genderEstimator(), emotionEstimator(), livenessEstimator(), templateExtractor(), verifyMatcher(), bodyDetector(), maskEstimator(), qualityAssessmentEstimator()];
}
