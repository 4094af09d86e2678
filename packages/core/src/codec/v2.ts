/**
 * Contract v2: `_image: {blob, format}`, lower-case enums, named normalised
 * keypoints with `fitter_type` and `pose`, `has_medical_mask`, flat
 * snake_case quality, templates keyed by model.
 */
import * as v from 'valibot';
import { decodeBase64, encodeBase64 } from '../base64.ts';
import { validationError } from '../errors.ts';
import { LANDMARK_NAMES, isLandmarkName } from '../landmarks.ts';
import { qualityToCamel, qualityToSnake } from '../quality.ts';
import type { Landmarks, Point, Sample, SampleObject, Template } from '../sample.ts';
import type { Codec } from './codec.ts';
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

const imageSchema = v.looseObject({
  blob: v.string(),
  format: v.optional(v.picklist(['IMAGE', 'image'], 'Only format IMAGE is supported for _image'), 'IMAGE'),
});
const pointSchema = v.looseObject({ proj: v.pipe(v.array(v.pipe(v.number(), v.finite())), v.minLength(2)) });
const templateEntrySchema = v.looseObject({
  blob: v.string(),
  format: v.optional(v.string()),
  dtype: v.optional(v.string()),
  shape: v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(0)))),
});
const objectSchema = v.looseObject({
  ...baseObjectShape,
  // The page puts fitter_type inside keypoints, beside the 21 points.
  keypoints: v.optional(v.record(v.string(), v.union([pointSchema, v.string()]))),
  fitter_type: v.optional(v.string()),
  pose: v.optional(poseSchema),
  age: v.optional(ageSchema),
  gender: v.optional(genderSchema),
  emotions: v.optional(emotionsSchema),
  liveness: v.optional(livenessSchema),
  has_medical_mask: v.optional(maskSchema),
  quality: v.optional(v.record(v.string(), v.unknown())),
  template: v.optional(v.record(v.string(), templateEntrySchema)),
});
const bodySchema = v.looseObject({ objects: v.optional(v.array(v.record(v.string(), v.unknown()))), verification: v.optional(verificationSchema) });

const KNOWN = ['id', 'class', 'confidence', 'bbox', 'keypoints', 'fitter_type', 'pose', 'age', 'gender', 'emotions', 'liveness', 'has_medical_mask', 'quality', 'template'];

export const v2Codec: Codec = {
  version: 'v2',
  imageLoc: ['body', '_image'],

  imageBlob(body) {
    if (body._image === undefined) return undefined;
    const image = parseOrThrow(imageSchema, body._image, ['body', '_image']);
    return { base64: image.blob, loc: ['body', '_image', 'blob'] };
  },

  decode(body) {
    const parsed = parseOrThrow(bodySchema, body, ['body']);
    const objects = (parsed.objects ?? []).map((raw, i) => decodeObject(raw, i));
    const sample: Sample = { objects, extra: unknownFields(body, ['_image', 'objects', 'verification']) };
    if (parsed.verification) sample.verification = parsed.verification;
    return sample;
  },

  encode(sample) {
    const out: Record<string, unknown> = {};
    if (sample.image) out._image = { blob: sample.image.base64 ?? encodeBase64(sample.image.bytes), format: 'IMAGE' };
    out.objects = sample.objects.map(encodeObject);
    if (sample.verification) out.verification = sample.verification;
    return { ...out, ...sample.extra };
  },
};

function decodeObject(raw: Record<string, unknown>, index: number): SampleObject {
  const o = parseOrThrow(objectSchema, raw, ['body', 'objects', index]);
  const object: SampleObject = { extra: unknownFields(raw, KNOWN) };
  if (o.id !== undefined) object.id = o.id as number;
  if (o.class !== undefined) object.class = o.class;
  if (o.confidence !== undefined) object.confidence = o.confidence;
  if (o.bbox) object.bbox = o.bbox as SampleObject['bbox'];
  if (o.keypoints) object.landmarks = decodeKeypoints(o.keypoints, o.fitter_type, raw);
  else if (o.fitter_type !== undefined) object.extra.fitter_type = o.fitter_type;
  if (o.pose) object.pose = { yaw: o.pose.yaw, pitch: o.pose.pitch, roll: o.pose.roll };
  if (o.age !== undefined) object.age = o.age;
  if (o.gender) object.gender = o.gender;
  if (o.emotions) object.emotions = o.emotions.map((e) => ({ emotion: e.emotion, confidence: e.confidence }));
  if (o.liveness) object.liveness = { value: o.liveness.value, confidence: o.liveness.confidence };
  if (o.has_medical_mask) object.mask = { value: o.has_medical_mask.value, confidence: o.has_medical_mask.confidence };
  if (o.quality) object.quality = qualityToCamel(o.quality);
  if (o.template) object.template = decodeTemplate(o.template, index);
  return object;
}

function decodeKeypoints(keypoints: Record<string, { proj: number[] } | string>, fitterType: string | undefined, raw: Record<string, unknown>): Landmarks {
  const points: Landmarks['points'] = {};
  const unknown: Record<string, unknown> = {};
  const rawPoints = raw.keypoints as Record<string, unknown>;
  let type = fitterType;
  for (const [name, point] of Object.entries(keypoints)) {
    if (name === 'fitter_type' && typeof point === 'string') type = point;
    else if (isLandmarkName(name) && typeof point !== 'string') points[name] = [point.proj[0], point.proj[1]];
    else unknown[name] = rawPoints[name];
  }
  const landmarks: Landmarks = { fitterType: type ?? 'unknown', points };
  if (Object.keys(unknown).length > 0) landmarks.extra = unknown;
  return landmarks;
}

function decodeTemplate(entries: Record<string, { blob: string; dtype?: string; shape?: number[] }>, index: number): Template {
  const [key, entry] = Object.entries(entries)[0] ?? [];
  if (!key || !entry) throw validationError(['body', 'objects', index, 'template'], 'template has no entry');
  return { key, dtype: entry.dtype ?? null, shape: entry.shape ?? null, data: decodeBase64(entry.blob) };
}

function encodeObject(object: SampleObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (object.id !== undefined) out.id = object.id;
  if (object.class !== undefined) out.class = object.class;
  if (object.confidence !== undefined) out.confidence = object.confidence;
  if (object.bbox) out.bbox = object.bbox;
  if (object.landmarks) {
    const keypoints: Record<string, unknown> = {};
    for (const name of LANDMARK_NAMES) {
      const p: Point | undefined = object.landmarks.points[name];
      if (p) keypoints[name] = { proj: [p[0], p[1]] };
    }
    out.keypoints = { ...keypoints, fitter_type: object.landmarks.fitterType, ...object.landmarks.extra };
  }
  if (object.pose) out.pose = { yaw: object.pose.yaw, roll: object.pose.roll, pitch: object.pose.pitch };
  if (object.age !== undefined) out.age = ageToWire(object.age);
  if (object.gender) out.gender = object.gender;
  if (object.emotions) out.emotions = emotionsToWire(object.emotions, false);
  if (object.liveness) out.liveness = { confidence: object.liveness.confidence, value: object.liveness.value };
  if (object.mask) out.has_medical_mask = { confidence: object.mask.confidence, value: object.mask.value };
  if (object.quality) out.quality = qualityToSnake(object.quality);
  if (object.template) {
    const t = object.template;
    out.template = {
      [t.key ?? '_face_template_extractor_unknown']: {
        blob: encodeBase64(t.data),
        format: 'NDARRAY',
        dtype: t.dtype ?? 'uint8',
        shape: t.shape ?? [t.data.length],
      },
    };
  }
  return { ...out, ...object.extra };
}

/** The v2 wire schemas the codec parses with, whole, for documentation (the OpenAPI document of @facelab/web). */
export const v2Schemas = {
  image: imageSchema,
  object: objectSchema,
  verification: verificationSchema,
  sample: v.looseObject({ _image: v.optional(imageSchema), objects: v.optional(v.array(objectSchema)), verification: v.optional(verificationSchema) }),
};
