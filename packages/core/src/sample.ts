/**
 * The canonical sample: what a request decodes to and a response encodes
 * from, whatever the contract version. Units read and add attributes here
 * and never see wire JSON.
 *
 * Coordinates are normalised to the (EXIF-oriented) image size: bbox as
 * [x1, y1, x2, y2] and landmark points as [x, y], both in [0, 1] for points
 * inside the picture. The v1 codec turns points into pixels on the wire.
 */
import type { LandmarkName } from './landmarks.ts';
import type { QualityMeasures } from './quality.ts';

export type BBox = [number, number, number, number];
export type Point = [number, number];

export type Gender = 'male' | 'female';
export type Emotion = 'angry' | 'disgusted' | 'scared' | 'happy' | 'neutral' | 'sad' | 'surprised';
export type LivenessValue = 'real' | 'fake';

export interface Landmarks {
  /** Which fitter produced the points ("fda" and others are accepted on input). */
  fitterType: string;
  /** The 21 named points of the contract, normalised. A decoded request may carry fewer. */
  points: Partial<Record<LandmarkName, Point>>;
  /** Unknown entries a v2 client sent inside `keypoints`, kept as they came. */
  extra?: Record<string, unknown>;
}

/** Head pose in degrees. */
export interface Pose {
  yaw: number;
  pitch: number;
  roll: number;
}

export interface Scored<T> {
  value: T;
  confidence: number;
}

export interface EmotionScore {
  emotion: Emotion;
  confidence: number;
}

/** A face template as carried on the wire: raw bytes plus their array description. */
export interface Template {
  /** The v2 key, e.g. `_face_template_extractor_1000_12` (the model is named in the blob header); null when the wire (v1) did not say. */
  key: string | null;
  dtype: string | null;
  shape: number[] | null;
  data: Uint8Array;
}

export interface SampleObject {
  id?: number;
  class?: string;
  confidence?: number;
  bbox?: BBox;
  landmarks?: Landmarks;
  pose?: Pose;
  /** Age in years. */
  age?: number;
  gender?: Gender;
  emotions?: EmotionScore[];
  liveness?: Scored<LivenessValue>;
  mask?: Scored<boolean>;
  quality?: QualityMeasures;
  template?: Template;
  /** Fields this server does not know, kept as the client sent them (wire names). */
  extra: Record<string, unknown>;
  /**
   * What one unit hands to later units of the same request and never goes on
   * the wire, e.g. the detector's six keypoints or the fitter's 468-point mesh
   * (normalised like every other coordinate).
   */
  hints?: FaceHints;
}

export interface FaceHints {
  /** Detector keypoints, normalised: subject-right eye, subject-left eye, nose tip, mouth, right ear, left ear (BlazeFace order). */
  detectorKeypoints?: Point[];
  /** The fitter's mesh: 468 (or 478 with irises) points, normalised x, y and z in the same units as x. */
  mesh?: Float32Array;
  [name: string]: unknown;
}

export interface Verification {
  distance: number;
  fa_r: number;
  fr_r: number;
  score: number;
}

export interface Sample {
  /** The picture's bytes as sent, and its base64 text when it came as base64 (echoed back as is). */
  image?: { bytes: Uint8Array; base64?: string };
  objects: SampleObject[];
  verification?: Verification;
  /** Top-level fields this server does not know. */
  extra: Record<string, unknown>;
}

/** The attribute names units declare in `requires` and `provides`. */
export type AttributeName =
  | 'image'
  | 'bbox'
  | 'landmarks'
  | 'pose'
  | 'age'
  | 'gender'
  | 'emotions'
  | 'liveness'
  | 'mask'
  | 'quality'
  | 'template'
  | 'verification';

/** Whether an object carries an attribute (image and verification are sample-level). */
export function hasAttribute(object: SampleObject, name: AttributeName): boolean {
  if (name === 'image' || name === 'verification') return true;
  if (name === 'landmarks') return object.landmarks !== undefined && Object.keys(object.landmarks.points).length > 0;
  return object[name] !== undefined;
}
