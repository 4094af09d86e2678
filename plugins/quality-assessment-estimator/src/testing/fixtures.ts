/**
 * Test-only inputs: the face-api demo photos decoded with sharp, and one
 * face's 21 landmarks (sample3.jpg, the frontal face on the left, 1920 x
 * 1350 pixels) for the measures' own tests, which run without the fitter.
 * The points were read off a face mesh of that photo and rounded.
 */
import { readFileSync } from 'node:fs';
import type { LandmarkName, Point, RawImage, SampleObject } from '@facelab/core';
import { createSharpCodec } from '@facelab/runtime';
import { faceGeometry } from '../face.ts';
import { cropFace } from '../preprocess.ts';
import { faceRegion, innerSkinRegion } from '../regions.ts';

const DEMO = new URL('../../../../node_modules/@vladmandic/face-api/demo/', import.meta.url);

export function sampleBytes(n: number): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`sample${n}.jpg`, DEMO)));
}

export function decodeSample(n: number): Promise<RawImage> {
  return createSharpCodec().decode(sampleBytes(n));
}

/** sample3.jpg, left face, in pixels. */
export const SAMPLE3_FACE: Record<LandmarkName, Point> = {
  left_eye_brow_left: [600, 418],
  left_eye_brow_up: [617, 405],
  left_eye_brow_right: [649, 402],
  right_eye_brow_left: [692, 403],
  right_eye_brow_up: [728, 398],
  right_eye_brow_right: [754, 410],
  left_eye_left: [614, 434],
  left_eye: [632, 433],
  left_eye_right: [650, 432],
  right_eye_left: [701, 435],
  right_eye: [720, 434],
  right_eye_right: [740, 434],
  left_ear_bottom: [605, 503],
  nose_left: [642, 489],
  nose: [658, 492],
  nose_right: [697, 490],
  right_ear_bottom: [795, 507],
  mouth_left: [641, 534],
  mouth: [669, 537],
  mouth_right: [710, 535],
  chin: [677, 598],
};

/** A face object carrying `points` (pixels of a width x height picture), normalised as units see them. */
export function faceObject(points: Partial<Record<LandmarkName, Point>>, width: number, height: number, extra: Partial<SampleObject> = {}): SampleObject {
  const normalised: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, p] of Object.entries(points) as [LandmarkName, Point][]) normalised[name] = [p[0] / width, p[1] / height];
  const xs = Object.values(normalised).map((p) => p![0]);
  const ys = Object.values(normalised).map((p) => p![1]);
  return {
    class: 'face',
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    landmarks: { fitterType: 'test', points: normalised },
    extra: {},
    ...extra,
  };
}

/** Moves every point by (dx, dy) and scales about the origin by s: the landmarks of a cropped or resized copy. */
export function movePoints(points: Partial<Record<LandmarkName, Point>>, dx: number, dy: number, s = 1): Partial<Record<LandmarkName, Point>> {
  const out: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, p] of Object.entries(points) as [LandmarkName, Point][]) out[name] = [(p[0] + dx) * s, (p[1] + dy) * s];
  return out;
}

/** The 600 x 600 region of sample3.jpg around SAMPLE3_FACE (x 376..976, y 183..783) and the face's points in it. */
export const SAMPLE3_REGION = { x0: 376, y0: 183, size: 600 } as const;

export async function sample3Region(): Promise<{ image: RawImage; points: Record<LandmarkName, Point> }> {
  const full = await decodeSample(3);
  const { x0, y0, size } = SAMPLE3_REGION;
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) data.set(full.data.subarray(((y + y0) * full.width + x0) * 3, ((y + y0) * full.width + x0 + size) * 3), y * size * 3);
  return { image: { width: size, height: size, data }, points: movePoints(SAMPLE3_FACE, -x0, -y0) as Record<LandmarkName, Point> };
}

/** Crop and regions of a face, as the measures see them. */
export function faceSetup(image: RawImage, points: Partial<Record<LandmarkName, Point>>, extra: Partial<SampleObject> = {}) {
  const geometry = faceGeometry(faceObject(points, image.width, image.height, extra), 0, image.width, image.height);
  const crop = cropFace(image, geometry);
  const face = faceRegion(crop);
  return { geometry, crop, face, skin: innerSkinRegion(crop, face) };
}
