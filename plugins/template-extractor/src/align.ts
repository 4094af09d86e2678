/**
 * Face alignment for the descriptors. ResNet-34: a least-squares similarity transform
 * from the fitted points to where dlib's mean face shape puts them in a
 * 150x150 chip with 0.25 padding (dlib's get_face_chip_details), the crop
 * the ResNet-34 was trained on. Only the contract's named points are used
 * (eye corners and centres, nose tip, mouth corners), so a client's own
 * landmarks (process/sample) and ours (process/image) align the same way.
 * MobileFaceNet: the five-point similarity alignment to the 112x112 ArcFace
 * template (eye centres, nose tip, mouth corners), Umeyama's least squares.
 */
import { similarityTransform, validationError, type Affine, type LandmarkName, type Point, type SampleObject } from '@facelab/core';

/** dlib's mean face shape (iBUG points 17..67) in its unit square, from dlib's image_transforms/interpolation.h. */
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127,
  0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132,
  0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805,
  0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
  0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281,
  0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** The mean-shape position of iBUG points (averaged when several), in dlib's unit square. */
function meanShape(...ibug: number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of ibug) {
    x += MEAN_X[i - 17];
    y += MEAN_Y[i - 17];
  }
  return [x / ibug.length, y / ibug.length];
}

/** Named point -> its place in the unit square ("left" = the eye with the smaller x in the picture). */
export const ALIGNMENT_TARGETS: Readonly<Partial<Record<LandmarkName, Point>>> = Object.freeze({
  left_eye_left: meanShape(36),
  left_eye: meanShape(36, 37, 38, 39, 40, 41),
  left_eye_right: meanShape(39),
  right_eye_left: meanShape(42),
  right_eye: meanShape(42, 43, 44, 45, 46, 47),
  right_eye_right: meanShape(45),
  nose: meanShape(30),
  mouth_left: meanShape(48),
  mouth_right: meanShape(54),
});

const LEFT_EYE: readonly LandmarkName[] = ['left_eye_left', 'left_eye', 'left_eye_right'];
const RIGHT_EYE: readonly LandmarkName[] = ['right_eye_left', 'right_eye', 'right_eye_right'];

/**
 * The least-squares similarity map from crop pixels to picture pixels that
 * puts the face's named points where `targets` (crop pixels, pixel centres
 * at +0.5) says; the points the object lacks are left out. `index` locates
 * the object in errors: both eyes are needed (422 otherwise).
 */
export function alignmentAffine(object: SampleObject, width: number, height: number, targets: Readonly<Partial<Record<LandmarkName, Point>>>, index: number): Affine {
  const points = object.landmarks?.points ?? {};
  const from: Point[] = [];
  const to: Point[] = [];
  for (const [name, target] of Object.entries(targets) as [LandmarkName, Point][]) {
    const p = points[name];
    if (!p) continue;
    from.push(target);
    to.push([p[0] * width, p[1] * height]);
  }
  const has = (names: readonly LandmarkName[]): boolean => names.some((n) => points[n] !== undefined && n in targets);
  if (!has(LEFT_EYE) || !has(RIGHT_EYE)) {
    throw validationError(['body', 'objects', index, 'keypoints'], `Object ${index} has no points of both eyes (left_eye*, right_eye*), which face alignment needs`, 'value_error.landmarks');
  }
  const m = similarityTransform(from, to);
  if (!m.every(Number.isFinite) || m[0] * m[4] - m[1] * m[3] < 1e-12) {
    throw validationError(['body', 'objects', index, 'keypoints'], `Object ${index} has degenerate landmarks (all at one place)`, 'value_error.landmarks');
  }
  return m;
}

/**
 * The affine map from chip pixels to picture pixels (what warpToTensor
 * takes) for dlib's chip of side `chip` with `padding`.
 */
export function chipAffine(object: SampleObject, width: number, height: number, chip: number, padding: number, index: number): Affine {
  const scale = chip / (1 + 2 * padding);
  const targets: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, t] of Object.entries(ALIGNMENT_TARGETS) as [LandmarkName, Point][]) targets[name] = [(t[0] + padding) * scale, (t[1] + padding) * scale];
  return alignmentAffine(object, width, height, targets, index);
}

/**
 * The five-point ArcFace template of the 112x112 crop (InsightFace's
 * arcface_dst: eye centres, nose tip, mouth corners), in OpenCV's pixel
 * convention (centres at integers), shifted by +0.5 to warpToTensor's.
 */
const ARCFACE_112: Readonly<Partial<Record<LandmarkName, Point>>> = Object.freeze({
  left_eye: [38.2946 + 0.5, 51.6963 + 0.5],
  right_eye: [73.5318 + 0.5, 51.5014 + 0.5],
  nose: [56.0252 + 0.5, 71.7366 + 0.5],
  mouth_left: [41.5493 + 0.5, 92.3655 + 0.5],
  mouth_right: [70.7299 + 0.5, 92.2041 + 0.5],
});

/**
 * The affine map from crop pixels to picture pixels of the five-point ArcFace
 * alignment, for a square crop of side `size` (112 native). `zoom` scales
 * the template about the crop centre: below 1 the face is smaller in the
 * crop (more context), above 1 larger.
 */
export function arcfaceAffine(object: SampleObject, width: number, height: number, size: number, index: number, zoom = 1): Affine {
  const s = size / 112;
  const c = size / 2;
  const targets: Partial<Record<LandmarkName, Point>> = {};
  for (const [name, t] of Object.entries(ARCFACE_112) as [LandmarkName, Point][]) targets[name] = [c + (t[0] * s - c) * zoom, c + (t[1] * s - c) * zoom];
  return alignmentAffine(object, width, height, targets, index);
}

/** The same crop mirrored left to right (chip pixel u reads what u' = chip - u read). */
export function mirrorAffine(m: Affine, chip: number): Affine {
  return [-m[0], m[1], m[0] * chip + m[2], -m[3], m[4], m[3] * chip + m[5]];
}
