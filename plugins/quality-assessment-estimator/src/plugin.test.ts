/**
 * The service end to end over HTTP with the real detector, fitter and
 * emotion models (the mask unit is off here, so notMasked runs on its mouth
 * fallback): one face of sample3.jpg framed like an ID photo, and copies of it
 * damaged on purpose by our own pixel code. Each damage must move its
 * measure the right way and flip its boolean. The app relaxes yaw and pitch
 * to 20 degrees because this face is turned about 14 degrees; roll keeps
 * the ICAO limit of 8, so the rotated copy must fail it.
 */
import { createImageApi, QUALITY_FIELDS, type RawImage } from '@facelab/core';
import { emotionEstimator } from '@facelab/emotion-estimator';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Hono } from 'hono';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { qualityAssessmentEstimator } from './index.ts';
import { sample3Region } from './testing/fixtures.ts';
import * as D from './testing/degrade.ts';

type Quality = Record<string, number | boolean>;

let app: Hono;
/** The portrait: x 130..470, y 29..516 of the sample3 region (head box with ICAO-like margins). */
let portrait: RawImage;
let points: Awaited<ReturnType<typeof sample3Region>>['points'];
let base: { quality: Quality; object: any };

async function postImage(image: RawImage, version: 'v1' | 'v2' = 'v2'): Promise<{ status: number; json: any }> {
  const png = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'face.png');
  const res = await app.request(`/quality-assessment-estimator/${version}/process/image`, { method: 'POST', body: form });
  return { status: res.status, json: await res.json() };
}

async function postSample(body: unknown, version: 'v1' | 'v2' = 'v2'): Promise<{ status: number; json: any }> {
  const res = await app.request(`/quality-assessment-estimator/${version}/process/sample`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json() };
}

/** The one face's quality (the picture holds one face). */
async function assess(image: RawImage): Promise<Quality> {
  const res = await postImage(image);
  expect(res.status).toBe(200);
  const faces = res.json.objects.filter((o: any) => o.quality);
  expect(faces).toHaveLength(1);
  return faces[0].quality;
}

const shift = (p: readonly [number, number]): [number, number] => [p[0] - 130, p[1] - 29];

beforeAll(async () => {
  app = await createImageApi({
    plugins: [faceDetector(), faceFitter(), emotionEstimator(), qualityAssessmentEstimator({ mask: false, thresholds: { yaw: 20, pitch: 20 } })],
    inference: createOrtBackend(),
    imageCodec: createSharpCodec(),
  });
  const region = await sample3Region();
  portrait = D.cropImage(region.image, 130, 29, 470, 516);
  points = region.points;
  const res = await postImage(portrait);
  base = { quality: res.json.objects[0].quality, object: res.json.objects[0] };
});

describe('quality-assessment-estimator process/image', () => {
  it('answers the 29 fields for a clean portrait, which passes every check but the background', () => {
    const q = base.quality;
    expect(Object.keys(q)).toEqual(QUALITY_FIELDS.map(([, snake]) => snake));
    for (const name of ['is_sharp', 'is_evenly_illuminated', 'no_flare', 'is_left_eye_opened', 'is_right_eye_opened', 'is_rotation_acceptable', 'not_masked', 'is_eyes_distance_acceptable', 'is_margins_acceptable', 'is_not_noisy', 'is_dynamic_range_acceptable']) {
      expect(q[name], name).toBe(true);
    }
    expect(q.has_watermark).toBe(false);
    expect(q.is_background_uniform).toBe(false);
    expect(q.total_score as number).toBeGreaterThan(0.7);
  });

  it('reads the emotion unit\'s confidences when the pipeline ran it', () => {
    const emotions = base.object.emotions as { emotion: string; confidence: number }[];
    expect(emotions).toHaveLength(7);
    const neutral = emotions.find((e) => e.emotion === 'neutral')!.confidence;
    const total = emotions.reduce((s, e) => s + e.confidence, 0);
    expect(base.quality.neutral_emotion_score as number).toBeCloseTo(neutral / total, 2);
    const top = emotions.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    expect(base.quality.is_neutral_emotion).toBe(top.emotion === 'neutral');
  });

  it('blur: sharpness falls and is_sharp flips', async () => {
    const q = await assess(D.gaussianBlur(portrait, 4));
    expect(q.sharpness_score as number).toBeLessThan(base.quality.sharpness_score as number);
    expect(q.is_sharp).toBe(false);
    expect(q.total_score as number).toBeLessThan(base.quality.total_score as number);
  });

  it('noise: noise score falls and is_not_noisy flips', async () => {
    const q = await assess(D.addNoise(portrait, 16));
    expect(q.noise_score as number).toBeLessThan(base.quality.noise_score as number);
    expect(q.is_not_noisy).toBe(false);
  });

  it('darkening: dynamic range and illumination fall and both flip', async () => {
    const q = await assess(D.scaleBrightness(portrait, 0.25));
    expect(q.dynamic_range_score as number).toBeLessThan(base.quality.dynamic_range_score as number);
    expect(q.is_dynamic_range_acceptable).toBe(false);
    expect(q.illumination_score as number).toBeLessThan(base.quality.illumination_score as number);
    expect(q.is_evenly_illuminated).toBe(false);
  });

  it('one side in shadow: is_evenly_illuminated flips', async () => {
    const q = await assess(D.shadowLeft(portrait, shift(points.nose)[0], 0.4));
    expect(q.illumination_score as number).toBeLessThan(base.quality.illumination_score as number);
    expect(q.is_evenly_illuminated).toBe(false);
  });

  it('a bright spot on the cheek: no_flare flips', async () => {
    const cheek = shift([points.left_eye[0] + 5, points.nose[1]]);
    const q = await assess(D.brightSpot(portrait, cheek, 14));
    expect(q.no_flare).toBe(false);
  });

  it('drawn text: watermark score rises and has_watermark flips', async () => {
    const ied = points.right_eye[0] - points.left_eye[0];
    const q = await assess(D.drawWatermark(portrait, shift([points.left_eye[0] - 1.3 * ied, points.left_eye[1] - 0.6 * ied]), 0.3 * ied, 4, 3, 0.7));
    expect(q.watermark_score as number).toBeGreaterThan(base.quality.watermark_score as number);
    expect(q.has_watermark).toBe(true);
  });

  it('eyes painted shut: both eye scores fall and flip, one eye at a time too', async () => {
    const ied = points.right_eye[0] - points.left_eye[0];
    const left = shift(points.left_eye);
    const right = shift(points.right_eye);
    const one = await assess(D.closeEye(portrait, left, 0.32 * ied, 0.16 * ied));
    expect(one.is_left_eye_opened).toBe(false);
    expect(one.is_right_eye_opened).toBe(true);
    const both = await assess(D.closeEye(D.closeEye(portrait, left, 0.32 * ied, 0.16 * ied), right, 0.32 * ied, 0.16 * ied));
    expect(both.left_eye_openness_score as number).toBeLessThan(base.quality.left_eye_openness_score as number);
    expect(both.is_left_eye_opened).toBe(false);
    expect(both.is_right_eye_opened).toBe(false);
  });

  it('rotated 25 degrees: the deviation grows and is_rotation_acceptable flips', async () => {
    const q = await assess(D.rotateImage(portrait, 25));
    expect(Math.abs(q.max_rotation_deviation as number)).toBeGreaterThan(18);
    expect(q.is_rotation_acceptable).toBe(false);
  });

  it('cropped tight (head cut at the top): the outer margin deviation appears and is_margins_acceptable flips', async () => {
    const q = await assess(D.cropImage(portrait, 50, 61, 290, 331));
    expect(q.margin_outer_deviation as number).toBeGreaterThan(0);
    expect(q.is_margins_acceptable).toBe(false);
  });

  it('a mask drawn over nose and mouth: the lips vanish and not_masked flips', async () => {
    const p = (name: keyof typeof points) => shift(points[name]);
    const ied = points.right_eye[0] - points.left_eye[0];
    const polygon: [number, number][] = [
      [p('left_ear_bottom')[0] - 0.1 * ied, p('nose')[1] - 0.45 * ied],
      [p('nose')[0], p('nose')[1] - 0.6 * ied],
      [p('right_ear_bottom')[0] + 0.1 * ied, p('nose')[1] - 0.45 * ied],
      [p('right_ear_bottom')[0], p('right_ear_bottom')[1] + 0.2 * ied],
      [p('chin')[0], p('chin')[1] + 0.1 * ied],
      [p('left_ear_bottom')[0], p('left_ear_bottom')[1] + 0.2 * ied],
    ];
    const q = await assess(D.drawMask(portrait, polygon));
    expect(q.not_masked_score as number).toBeLessThan(base.quality.not_masked_score as number);
    expect(q.not_masked).toBe(false);
  });

  it('a plain background: background uniformity rises and flips', async () => {
    const ied = points.right_eye[0] - points.left_eye[0];
    const [cx, cy] = shift([(points.left_eye[0] + points.right_eye[0]) / 2, points.left_eye[1]]);
    const chin = shift(points.chin)[1];
    const keep = (x: number, y: number): boolean => ((x - cx) / (1.45 * ied)) ** 2 + ((y - cy + 0.2 * ied) / (1.9 * ied)) ** 2 <= 1 || y > chin;
    const q = await assess(D.flattenOutside(portrait, keep, 190));
    expect(q.background_uniformity_score as number).toBeGreaterThan(base.quality.background_uniformity_score as number);
    expect(q.is_background_uniform).toBe(true);
  });
});

describe('quality-assessment-estimator process/sample', () => {
  it('assesses fitted faces as a client sends them, using their mask and emotions when present', async () => {
    const png = await sharp(Buffer.from(portrait.data), { raw: { width: portrait.width, height: portrait.height, channels: 3 } }).png().toBuffer();
    const { quality, emotions: detected, ...fitted } = base.object;
    const emotions = [
      { emotion: 'happy', confidence: 0.1 },
      { emotion: 'neutral', confidence: 0.9 },
    ];
    const body = { _image: { blob: png.toString('base64') }, objects: [{ ...fitted, has_medical_mask: { value: false, confidence: 0.2 }, emotions }, { id: 9, class: 'body', bbox: [0, 0, 1, 1] }] };
    const res = await postSample(body);
    expect(res.status).toBe(200);
    const [face, other] = res.json.objects;
    expect(Object.keys(face.quality)).toHaveLength(29);
    expect(face.quality.not_masked_score).toBeCloseTo(0.8, 2);
    expect(face.quality.neutral_emotion_score).toBeCloseTo(0.9, 2);
    expect(face.quality.is_neutral_emotion).toBe(true);
    expect(face.quality.eyes_distance).toBeCloseTo(base.quality.eyes_distance as number, -1);
    expect(face.quality.is_left_eye_opened && face.quality.is_right_eye_opened).toBe(true);
    expect(other.quality).toBeUndefined();
  });

  it('answers v1 with quality.qaa in camelCase', async () => {
    const v1 = await postImage(portrait, 'v1');
    expect(v1.status).toBe(200);
    expect(Object.keys(v1.json.objects[0].quality.qaa)).toEqual(QUALITY_FIELDS.map(([camel]) => camel));
  });

  it('refuses a face without landmarks with a 422 naming it', async () => {
    const png = await sharp(Buffer.from(portrait.data), { raw: { width: portrait.width, height: portrait.height, channels: 3 } }).png().toBuffer();
    const res = await postSample({ _image: { blob: png.toString('base64') }, objects: [{ id: 0, class: 'face', bbox: [0.2, 0.2, 0.8, 0.8] }] });
    expect(res.status).toBe(422);
    expect(res.json.detail[0].loc).toEqual(['body', 'objects', 0, 'keypoints']);
  });
});
