/**
 * The wire JSON of the Image API 2.4, both versions, as a client sends and
 * receives it. The value types (genders, emotions, landmark and quality
 * names, verification) come from @facelab/core, where the server's codecs
 * take them from; every object and body also allows fields it does not
 * name, since the contract passes unknown fields through.
 */
import type { BBox, Emotion, Gender, LandmarkName, LivenessValue, QualityName, QualitySnakeName, ValidationIssue, Verification } from '@facelab/core';

export type { ValidationIssue, Verification };

interface WireObject {
  id?: number | string;
  /** 'face' or 'body'. */
  class?: string;
  confidence?: number;
  /** [x1, y1, x2, y2], normalised to the picture (0..1). */
  bbox?: BBox;
  [field: string]: unknown;
}

export interface V1Object extends WireObject {
  /** 21 points as a flat x, y, z list in pixels, in the v2 name order; plus the eye centres. */
  fitter?: { fitter_type?: string; keypoints: number[]; left_eye?: number[]; right_eye?: number[] };
  angles?: { yaw: number; pitch: number; roll: number };
  /** Years, as a string ("25"). */
  age?: string;
  gender?: Uppercase<Gender>;
  emotions?: { emotion: Uppercase<Emotion>; confidence: number }[];
  liveness?: { value: Uppercase<LivenessValue>; confidence: number };
  mask?: { value: boolean; confidence: number };
  quality?: { qaa: Partial<Record<QualityName, number | boolean>> & Record<string, unknown> };
  /** The face template in base64, and its length in bytes. */
  $template?: string;
  template_size?: number;
}

export interface V1Sample {
  /** The picture in base64. */
  $image?: string;
  objects?: V1Object[];
  verification?: Verification;
  [field: string]: unknown;
}

export interface V2Keypoint {
  /** [x, y] normalised to the picture. */
  proj: [number, number];
}

export interface V2TemplateEntry {
  blob: string;
  format?: string;
  dtype?: string;
  shape?: number[];
}

export interface V2Object extends WireObject {
  keypoints?: Partial<Record<LandmarkName, V2Keypoint>> & { fitter_type?: string };
  pose?: { yaw: number; pitch: number; roll: number };
  age?: string;
  gender?: Gender;
  emotions?: { emotion: Emotion; confidence: number }[];
  liveness?: { value: LivenessValue; confidence: number };
  has_medical_mask?: { value: boolean; confidence: number };
  quality?: Partial<Record<QualitySnakeName, number | boolean>> & Record<string, unknown>;
  /** One entry, keyed by the extractor's model name. */
  template?: Record<string, V2TemplateEntry>;
}

export interface V2Sample {
  _image?: { blob: string; format?: 'IMAGE' };
  objects?: V2Object[];
  verification?: Verification;
  [field: string]: unknown;
}

export interface Samples {
  v1: V1Sample;
  v2: V2Sample;
}

export type ContractVersion = keyof Samples;
