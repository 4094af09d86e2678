/**
 * Where the mesh model looks: a square, rotated crop around the face, as
 * MediaPipe frames it. The first pass starts from the box (and the
 * detector's eye keypoints for the angle, when present); the second
 * re-frames on the first mesh (rotated bounding rect of the points, eye
 * corners for the angle), which steadies the points on loose or shifted
 * boxes.
 */
import { rotatedSquareAffine, type Affine, type BBox, type Point } from '@facelab/core';

export interface FaceCrop {
  /** Centre and side in picture pixels; angle in radians of the crop's x axis in the picture. */
  cx: number;
  cy: number;
  side: number;
  angle: number;
}

/** Crop side over the box side (MediaPipe's detection-to-ROI scale). */
export const BOX_SCALE = 1.5;
/** Crop side over the mesh's rotated extent (MediaPipe's landmarks-to-ROI scale). */
export const MESH_SCALE = 1.5;
/** Mesh points whose line sets the roll of the re-framed crop: outer eye corners, image-left then image-right. */
const EYE_CORNERS: [number, number] = [33, 263];

/**
 * The first crop, from a normalised box on a `width` x `height` picture;
 * `eyes` (normalised image-left then image-right eye) level the crop.
 */
export function cropFromBox(box: BBox, width: number, height: number, eyes?: [Point, Point]): FaceCrop {
  const x1 = box[0] * width;
  const y1 = box[1] * height;
  const x2 = box[2] * width;
  const y2 = box[3] * height;
  const angle = eyes ? Math.atan2((eyes[1][1] - eyes[0][1]) * height, (eyes[1][0] - eyes[0][0]) * width) : 0;
  return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, side: Math.max(x2 - x1, y2 - y1) * BOX_SCALE, angle };
}

/** The re-framed crop from a mesh in picture pixels (x, y, z per point). */
export function cropFromMesh(mesh: Float32Array): FaceCrop {
  const [a, b] = EYE_CORNERS;
  const angle = Math.atan2(mesh[b * 3 + 1] - mesh[a * 3 + 1], mesh[b * 3] - mesh[a * 3]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (let i = 0; i < mesh.length; i += 3) {
    // Coordinates along the crop's own axes.
    const u = mesh[i] * cos + mesh[i + 1] * sin;
    const v = -mesh[i] * sin + mesh[i + 1] * cos;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return { cx: cu * cos - cv * sin, cy: cu * sin + cv * cos, side: Math.max(maxU - minU, maxV - minV) * MESH_SCALE, angle };
}

/** The affine map from model input pixels to picture pixels. */
export function cropAffine(crop: FaceCrop, inputSize: number): Affine {
  return rotatedSquareAffine(crop.cx, crop.cy, crop.side, crop.angle, inputSize);
}
