/**
 * Every measure of one face, raw and scaled, before booleans and rounding:
 * the crop is cut once, the regions drawn once, and each measure reads what
 * it needs. Pure over the picture and the object's attributes.
 */
import type { RawImage, SampleObject } from '@facelab/core';
import { faceGeometry } from './face.ts';
import { backgroundRegion, backgroundScore, meanGradient } from './measures/background.ts';
import { luminanceEntropy } from './measures/dynamic-range.ts';
import { eyeOpenness, type EyeOpenness } from './measures/eyes.ts';
import { mouthShape, neutralityFromEmotions, neutralityFromGeometry, type Neutrality } from './measures/expression.ts';
import { clippedShare } from './measures/flare.ts';
import { histogramIntersection, illuminationScore, illuminationZones, maskedMean } from './measures/illumination.ts';
import { eyeDistance, marginDeviation, type MarginDeviation } from './measures/margins.ts';
import { lipContrast, notMaskedFromLips, notMaskedFromUnit, type NotMasked } from './measures/mask.ts';
import { noiseScore, noiseSigma } from './measures/noise.ts';
import { maxDeviation, poseQuality, rotationOf, type Rotation } from './measures/rotation.ts';
import { reblurSharpness, sharpnessScore } from './measures/sharpness.ts';
import { strokeShare, watermarkScore } from './measures/watermark.ts';
import { countMask } from './pixels.ts';
import { cropFace } from './preprocess.ts';
import type { PersonMap } from './segment.ts';
import { faceRegion, innerSkinRegion } from './regions.ts';

export interface Assessment {
  sharpness: { raw: number; score: number };
  illumination: { intersection: number; meanLuma: number; score: number };
  flare: { share: number };
  eyes: [EyeOpenness, EyeOpenness];
  rotation: Rotation & { max: number; quality: number };
  notMasked: NotMasked;
  neutral: Neutrality;
  /** Pixels, yaw-corrected when the pose is known. */
  eyeDistance: number;
  margins: MarginDeviation;
  noise: { sigma: number; score: number };
  watermark: { share: number; score: number };
  dynamicRange: { bits: number };
  background: { gradient: number; score: number; pixels: number };
}

/**
 * Assesses object `index` of a request; throws a 422 when it lacks eye
 * landmarks. `person` is the face's segmentation (segment.ts), when the unit has it.
 */
export function assessFace(image: RawImage, object: SampleObject, index: number, person?: PersonMap): Assessment {
  const geometry = faceGeometry(object, index, image.width, image.height);
  const crop = cropFace(image, geometry);
  const face = faceRegion(crop);
  const skin = innerSkinRegion(crop, face);
  const [zoneLeft, zoneRight] = illuminationZones(image, crop.toCanonical, geometry);
  const intersection = histogramIntersection(zoneLeft, zoneRight);
  const meanLuma = maskedMean(crop.luma, face);
  const sharpness = reblurSharpness(crop.luma, face);
  const sigma = noiseSigma(crop.luma, skin);
  const share = strokeShare(crop.luma, skin, crop.face.ied, sigma);
  const background = backgroundRegion(crop, person);
  const gradient = meanGradient(crop.luminance, background);
  const rotation = rotationOf(geometry);
  return {
    sharpness: { raw: sharpness, score: sharpnessScore(sharpness) },
    illumination: { intersection, meanLuma, score: illuminationScore(intersection, meanLuma) },
    flare: { share: clippedShare(crop.luminance, face) },
    eyes: eyeOpenness(crop.face, crop.luma),
    rotation: { ...rotation, max: maxDeviation(rotation), quality: poseQuality(rotation) },
    notMasked: object.mask ? notMaskedFromUnit(object.mask) : notMaskedFromLips(lipContrast(crop)),
    neutral: object.emotions && object.emotions.length > 0 ? neutralityFromEmotions(object.emotions) : neutralityFromGeometry(mouthShape(crop.face)),
    eyeDistance: eyeDistance(geometry),
    margins: marginDeviation(geometry, image.width, image.height),
    noise: { sigma, score: noiseScore(sigma) },
    watermark: { share, score: watermarkScore(share) },
    dynamicRange: { bits: luminanceEntropy(crop.luminance, face) },
    background: { gradient, score: Number.isFinite(gradient) ? backgroundScore(gradient) : 0, pixels: countMask(background) },
  };
}
