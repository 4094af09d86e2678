/**
 * The detector model and the facts it was trained with: MediaPipe BlazeFace
 * "back camera" (full-frame) 256x256, as converted into models/manifest.json
 * under the id `blazeface-back`. Facts from the MediaPipe model card and the
 * graph: RGB in [-1, 1], batch 1, two anchor grids, 16 regressors per anchor
 * (box centre offset and size in input pixels, then six keypoints).
 */
import type { TensorLayout } from '@facelab/core';

export interface AnchorLayer {
  stride: number;
  /** Cells per side. */
  grid: number;
  /** Identical anchors per cell. */
  perCell: number;
  /** Output names of the layer's score logits and regressors. */
  scores: string;
  boxes: string;
}

export interface DetectorModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  layers: readonly AnchorLayer[];
  /** Floats per anchor row in the regressor outputs. */
  regressors: number;
  keypoints: number;
  /** How the model's box maps onto the face box this server reports (see BoxAdjust). */
  faceBox: BoxAdjust;
}

/**
 * A fixed change of box geometry: centre shift as a fraction of the box
 * side, and size factors. Each detector frames faces its own way (BlazeFace:
 * a square from the brows to the chin; RFB-320, trained on WIDER FACE: a
 * taller box from the hairline); the box this server reports is in one
 * convention, that of manual face annotations (PASCAL VOC style boxes of
 * the andrewmvd mask set: forehead to below the chin, cheek to cheek), and
 * each detector has its own change into it.
 */
export interface BoxAdjust {
  dx: number;
  dy: number;
  width: number;
  height: number;
}

export const BLAZEFACE_BACK: DetectorModel = Object.freeze({
  id: 'blazeface-back',
  input: 'input',
  size: 256,
  tensor: Object.freeze({ width: 256, height: 256, layout: 'nhwc', channels: 'rgb', mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] }) as TensorLayout,
  layers: Object.freeze([
    { stride: 16, grid: 16, perCell: 2, scores: 'Identity', boxes: 'Identity_2' },
    { stride: 32, grid: 8, perCell: 6, scores: 'Identity_1', boxes: 'Identity_3' },
  ]),
  regressors: 16,
  keypoints: 6,
  // Medians of (manual box) / (BlazeFace box) over 348 faces of 32 px and
  // more in pictures that are not eval data (the mosaics of shared/train/mask's
  // andrewmvd crops, apps/eval/src/face-mosaics.ts; fitted with
  // apps/eval/scripts/detector-boxes.ts). Masked faces read taller (height
  // 1.19) than unmasked ones (1.08): BlazeFace frames a masked face shorter.
  faceBox: Object.freeze({ dx: -0.0015, dy: 0.0365, width: 1.033, height: 1.143 }),
});

/**
 * The face check for uncertain detections: MediaPipe Face Mesh's face
 * flag (`facemesh` in the manifest; RGB [0, 1], 192x192 crop of 1.5x the
 * box, levelled on the eyes; the flag output is already a probability).
 */
export interface FaceCheckModel {
  id: string;
  input: string;
  size: number;
  tensor: TensorLayout;
  flag: string;
  /** Crop side over the detector's box side. */
  cropScale: number;
}

export const FACEMESH_FLAG: FaceCheckModel = Object.freeze({
  id: 'facemesh',
  input: 'input_1',
  size: 192,
  tensor: Object.freeze({ width: 192, height: 192, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] }) as TensorLayout,
  flag: 'Identity_1',
  cropScale: 1.5,
});

/**
 * The second detector, fused with BlazeFace: Linzaer's Ultra-Light-Fast
 * RFB-320 (`fr-detect` in the manifest, MIT). Input fixed at 1x3x240x320,
 * RGB, (x - 127) / 128, the view stretched to 320x240; outputs softmax
 * scores (class 1 = face) and boxes already decoded to [x1, y1, x2, y2]
 * normalised to the input, for 4,420 priors. It misses other faces than
 * BlazeFace does (masked and turned faces that BlazeFace scores low).
 */
export interface SecondDetectorModel {
  id: string;
  input: string;
  tensor: TensorLayout;
  scores: string;
  boxes: string;
  /** Floats per prior in the score output, and the face class's index. */
  classes: number;
  faceClass: number;
  /**
   * Its box mapped onto BlazeFace's raw box, so that the two detectors'
   * candidates of one face overlap in the fusion.
   */
  toBlazeFace: BoxAdjust;
  /** Its box mapped into the reported convention (as BlazeFace's `faceBox`). */
  faceBox: BoxAdjust;
}

export const RFB_320: SecondDetectorModel = Object.freeze({
  id: 'fr-detect',
  input: 'input',
  tensor: Object.freeze({ width: 320, height: 240, layout: 'nchw', channels: 'rgb', mean: [127, 127, 127], std: [128, 128, 128] }) as TensorLayout,
  scores: 'scores',
  boxes: 'boxes',
  classes: 2,
  faceClass: 1,
  // Medians over 421 faces both detectors found (RFB >= 0.9, BlazeFace >= 0.7,
  // IoU >= 0.4) in pictures that are not eval data: mosaics of the andrewmvd
  // crops of shared/train/mask (287), the face-api demo photos (43) and
  // shared/train/mask crops (91). RFB's box starts higher (it takes in the
  // forehead) and is taller; per source the height factor reads 0.78-0.87.
  toBlazeFace: Object.freeze({ dx: 0.004, dy: 0.09, width: 1.003, height: 0.851 }),
  // Medians of (manual box) / (RFB box) over 284 faces of 32 px and more in
  // the same non-eval mosaics as BlazeFace's faceBox: its box starts higher
  // (the hairline) and is a little taller than the annotation.
  faceBox: Object.freeze({ dx: 0.0063, dy: 0.1142, width: 0.9822, height: 0.9702 }),
});
