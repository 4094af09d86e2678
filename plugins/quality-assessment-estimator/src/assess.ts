/**
 * Every measure of one face, raw and scaled, before booleans and rounding:
 * the crop is cut once, the regions drawn once, and each measure reads what
 * it needs. Pure over the picture, the object's attributes and the face's
 * person map.
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
import { lipRedness, notMaskedFromLips, notMaskedFromUnit, type NotMasked } from './measures/mask.ts';
import { noiseScore, noiseSigma } from './measures/noise.ts';
import { maxDeviation, poseQuality, rotationOf, type Rotation } from './measures/rotation.ts';
import { reblurSharpness, sharpnessScore } from './measures/sharpness.ts';
import { strokeShare, watermarkScore } from './measures/watermark.ts';
import { countMask } from './pixels.ts';
import { cropFace, MAX_RESOLUTION } from './preprocess.ts';
import type { PersonMap } from './segment.ts';
import { faceRegion, innerSkinRegion } from './regions.ts';

/**
 * Smallest inter-eye distance, in source pixels, at which strokes and the
 * mouth's shape can be seen at all (lips are then about 4 px tall). Below
 * it the watermark share is 0 (not assessable, as OFIQ reports a failure to
 * assess) and the mask fallback is undecided (0.5).
 */
export const MIN_DETAIL_IED = 24;

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
  // Shape-based measures read the face at the full crop scale even when it is smaller (preprocess.ts).
  const detail = crop.resolution < MAX_RESOLUTION ? cropFace(image, geometry, MAX_RESOLUTION) : crop;
  const detailSkin = detail === crop ? skin : innerSkinRegion(detail);
  const [zoneLeft, zoneRight] = illuminationZones(image, crop.toCanonical, geometry);
  const intersection = histogramIntersection(zoneLeft, zoneRight);
  const meanLuma = maskedMean(crop.luma, face);
  const sharpness = reblurSharpness(crop.luma, face);
  const sigma = noiseSigma(crop.luma, skin);
  const visible = geometry.ied >= MIN_DETAIL_IED;
  const share = visible ? strokeShare(detail.luma, detailSkin, detail.face.ied, detail === crop ? sigma : noiseSigma(detail.luma, detailSkin)) : 0;
  const background = backgroundRegion(crop, person);
  const gradient = meanGradient(crop.luminance, background);
  const rotation = rotationOf(geometry);
  return {
    sharpness: { raw: sharpness, score: sharpnessScore(sharpness) },
    illumination: { intersection, meanLuma, score: illuminationScore(intersection, meanLuma) },
    flare: { share: clippedShare(crop.luminance, face) },
    eyes: eyeOpenness(detail.face, detail.luma),
    rotation: { ...rotation, max: maxDeviation(rotation), quality: poseQuality(rotation) },
    notMasked: object.mask ? notMaskedFromUnit(object.mask) : notMaskedFromLips(visible ? lipRedness(detail) : undefined),
    neutral: object.emotions && object.emotions.length > 0 ? neutralityFromEmotions(object.emotions) : neutralityFromGeometry(mouthShape(crop.face)),
    eyeDistance: eyeDistance(geometry),
    margins: marginDeviation(geometry, image.width, image.height),
    noise: { sigma, score: noiseScore(sigma) },
    watermark: { share, score: watermarkScore(share) },
    dynamicRange: { bits: luminanceEntropy(crop.luminance, face) },
    background: { gradient, score: Number.isFinite(gradient) ? backgroundScore(gradient) : 0, pixels: countMask(background) },
  };
}
