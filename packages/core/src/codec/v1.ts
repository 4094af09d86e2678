/**
 * Contract v1: `$image` base64, upper-case enums, `fitter` with a flat
 * x, y, z pixel keypoint array (21 points in the v2 name order) plus
 * left_eye/right_eye, `angles`, `mask`, `quality.qaa` in camelCase, and a
 * bare `$template` with `template_size`.
 */
import * as v from 'valibot';
import { decodeBase64, encodeBase64 } from '../base64.ts';
import { LANDMARK_NAMES } from '../landmarks.ts';
import type { Landmarks, Sample, SampleObject } from '../sample.ts';
import type { Codec, ImageSize } from './codec.ts';
import {
  ageSchema,
  ageToWire,
  baseObjectShape,
  emotionsSchema,
  emotionsToWire,
  genderSchema,
  livenessSchema,
  maskSchema,
  poseSchema,
  unknownFields,
  verificationSchema,
} from './fields.ts';
import { parseOrThrow } from './issues.ts';

const finite = v.pipe(v.number(), v.finite());
const fitterSchema = v.looseObject({
  fitter_type: v.optional(v.string()),
  keypoints: v.pipe(v.array(finite), v.length(LANDMARK_NAMES.length * 3, `keypoints must hold ${LANDMARK_NAMES.length} points as x, y, z`)),
  left_eye: v.optional(v.array(finite)),
  right_eye: v.optional(v.array(finite)),
});
const objectSchema = v.looseObject({
  ...baseObjectShape,
  fitter: v.optional(fitterSchema),
  angles: v.optional(poseSchema),
  age: v.optional(ageSchema),
  gender: v.optional(genderSchema),
  emotions: v.optional(emotionsSchema),
  liveness: v.optional(livenessSchema),
  mask: v.optional(maskSchema),
  quality: v.optional(v.looseObject({ qaa: v.optional(v.record(v.string(), v.unknown())) })),
  $template: v.optional(v.string()),
  template_size: v.optional(v.number()),
});
const bodySchema = v.looseObject({ objects: v.optional(v.array(v.record(v.string(), v.unknown()))), verification: v.optional(verificationSchema) });

const KNOWN = ['id', 'class', 'confidence', 'bbox', 'fitter', 'angles', 'age', 'gender', 'emotions', 'liveness', 'mask', 'quality', '$template', 'template_size'];

export const v1Codec: Codec = {
  version: 'v1',
  imageLoc: ['body', '$image'],

  imageBlob(body) {
    if (body.$image === undefined) return undefined;
    const base64 = parseOrThrow(v.string(), body.$image, ['body', '$image']);
    return { base64, loc: ['body', '$image'] };
  },

  decode(body, size) {
    const parsed = parseOrThrow(bodySchema, body, ['body']);
    const objects = (parsed.objects ?? []).map((raw, i) => decodeObject(raw, i, size));
    const sample: Sample = { objects, extra: unknownFields(body, ['$image', 'objects', 'verification']) };
    if (parsed.verification) sample.verification = parsed.verification;
    return sample;
  },

  encode(sample, size) {
    const out: Record<string, unknown> = {};
    if (sample.image) out.$image = sample.image.base64 ?? encodeBase64(sample.image.bytes);
    out.objects = sample.objects.map((o) => encodeObject(o, size));
    if (sample.verification) out.verification = sample.verification;
    return { ...out, ...sample.extra };
  },
};

function decodeObject(raw: Record<string, unknown>, index: number, size: ImageSize | undefined): SampleObject {
  const o = parseOrThrow(objectSchema, raw, ['body', 'objects', index]);
  const object: SampleObject = { extra: unknownFields(raw, KNOWN) };
  if (o.id !== undefined) object.id = o.id as number;
  if (o.class !== undefined) object.class = o.class;
  if (o.confidence !== undefined) object.confidence = o.confidence;
  if (o.bbox) object.bbox = o.bbox as SampleObject['bbox'];
  // Pixel keypoints mean nothing without the picture: then they travel untouched.
  if (o.fitter && size) object.landmarks = decodeFitter(o.fitter, size);
  else if (raw.fitter !== undefined) object.extra.fitter = raw.fitter;
  if (o.angles) object.pose = { yaw: o.angles.yaw, pitch: o.angles.pitch, roll: o.angles.roll };
  if (o.age !== undefined) object.age = o.age;
  if (o.gender) object.gender = o.gender;
  if (o.emotions) object.emotions = o.emotions.map((e) => ({ emotion: e.emotion, confidence: e.confidence }));
  if (o.liveness) object.liveness = { value: o.liveness.value, confidence: o.liveness.confidence };
  if (o.mask) object.mask = { value: o.mask.value, confidence: o.mask.confidence };
  if (o.quality?.qaa) object.quality = { ...o.quality.qaa };
  if (o.$template !== undefined) object.template = { key: null, dtype: null, shape: null, data: decodeBase64(o.$template) };
  return object;
}

function decodeFitter(fitter: { fitter_type?: string; keypoints: number[] }, size: ImageSize): Landmarks {
  const points: Landmarks['points'] = {};
  LANDMARK_NAMES.forEach((name, i) => {
    points[name] = [fitter.keypoints[i * 3] / size.width, fitter.keypoints[i * 3 + 1] / size.height];
  });
  return { fitterType: fitter.fitter_type ?? 'unknown', points };
}

function encodeObject(object: SampleObject, size: ImageSize | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (object.id !== undefined) out.id = object.id;
  if (object.class !== undefined) out.class = object.class;
  if (object.confidence !== undefined) out.confidence = object.confidence;
  if (object.bbox) out.bbox = object.bbox;
  if (object.landmarks && size) out.fitter = encodeFitter(object.landmarks, size);
  if (object.pose) out.angles = { yaw: object.pose.yaw, roll: object.pose.roll, pitch: object.pose.pitch };
  if (object.age !== undefined) out.age = ageToWire(object.age);
  if (object.gender) out.gender = object.gender.toUpperCase();
  if (object.emotions) out.emotions = emotionsToWire(object.emotions, true);
  if (object.liveness) out.liveness = { confidence: object.liveness.confidence, value: object.liveness.value.toUpperCase() };
  if (object.mask) out.mask = { confidence: object.mask.confidence, value: object.mask.value };
  if (object.quality) out.quality = { qaa: object.quality };
  if (object.template) {
    out.$template = encodeBase64(object.template.data);
    out.template_size = object.template.data.length;
  }
  return { ...out, ...object.extra };
}

function encodeFitter(landmarks: Landmarks, size: ImageSize): Record<string, unknown> {
  const px = (name: (typeof LANDMARK_NAMES)[number]): [number, number] => {
    const p = landmarks.points[name] ?? [0, 0];
    return [p[0] * size.width, p[1] * size.height];
  };
  const keypoints: number[] = [];
  for (const name of LANDMARK_NAMES) keypoints.push(...px(name), 0);
  return { fitter_type: landmarks.fitterType, keypoints, left_eye: px('left_eye'), right_eye: px('right_eye') };
}

/** The v1 wire schemas the codec parses with, whole, for documentation (the OpenAPI document of @facelab/web). */
export const v1Schemas = {
  image: v.string(),
  object: objectSchema,
  verification: verificationSchema,
  sample: v.looseObject({ $image: v.optional(v.string()), objects: v.optional(v.array(objectSchema)), verification: v.optional(verificationSchema) }),
};
