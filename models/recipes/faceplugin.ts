/**
 * Ready ONNX models from the npm package faceplugin-face-recognition-js
 * (licence field MIT; PyTorch exports, opset 9, batch fixed at 1). The
 * package is fetched with `npm pack` rather than installed: its dependencies
 * are a build tool chain of several hundred packages.
 */
import type { ModelRecipe } from '../recipe-types.ts';

const PACKAGE = 'faceplugin-face-recognition-js';
const VERSION = '0.0.1';
const ORIGIN = `${PACKAGE}@${VERSION} (npm), file taken unchanged`;
const LICENCE = 'MIT (package licence field); upstream weights state no separate licence';
const UPSTREAM = 'https://github.com/Faceplugin-ltd/FaceRecognition-LivenessDetection-Javascript';

export const FACEPLUGIN_RECIPES: readonly ModelRecipe[] = [
  {
    kind: 'onnx',
    id: 'fr-liveness',
    task: 'presentation-attack detection',
    source: { package: PACKAGE, version: VERSION, file: 'model/fr_liveness.onnx' },
    opset: 9,
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 128, 128] }],
      outputs: [{ name: 'output', dtype: 'float32', shape: [1, 3] }],
    },
    tensor: { width: 128, height: 128, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] },
    outputs: [{ name: 'output', description: 'logits over 3 classes (Silent-Face-Anti-Spoofing convention); softmax, class 1 is a real face', labels: ['spoof', 'real', 'spoof'] }],
    origin: `MiniFASNet-style network after minivision-ai/Silent-Face-Anti-Spoofing; ${ORIGIN}`,
    licence: LICENCE,
    upstream: UPSTREAM,
    facts: [
      { fact: 'input: RGB 0..255 without normalisation, 128x128 (the package feeds canvas RGBA channels 0..2 unscaled)', evidence: 'read' },
      { fact: 'class 1 is the real face: on the dev replays class 1 ranks real over spoof (AUC 0.98) and class 0 the reverse (0.03); class 1 wins on 20 of the 22 live faces of the face-api demo photos at 1.2x the box (the package demo code itself pushes softmax[0] into its result)', evidence: 'measured' },
      { fact: 'upstream crop (faceplugin alignLivenessImage, Silent-Face CropImage): box width and height each scaled by min(2.7, (W-1)/w, (H-1)/h), centred, shifted inside the picture, stretched to 128x128', evidence: 'read' },
    ],
  },
  {
    kind: 'onnx',
    id: 'fr-liveness-embed',
    task: 'presentation-attack detection: the fr-liveness network with its 128-value embedding exposed',
    source: { package: PACKAGE, version: VERSION, file: 'model/fr_liveness.onnx' },
    opset: 9,
    addOutputs: ['581'],
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 128, 128] }],
      outputs: [
        { name: 'output', dtype: 'float32', shape: [1, 3] },
        { name: '581', dtype: 'float32', shape: [1, 128] },
      ],
    },
    tensor: { width: 128, height: 128, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] },
    outputs: [
      { name: 'output', description: 'logits over 3 classes, as fr-liveness; softmax, class 1 is a real face', labels: ['spoof', 'real', 'spoof'] },
      { name: '581', description: '128-value embedding: the batch-normalised layer that feeds the classifier (BatchNormalization_119), read by the trained liveness-head' },
    ],
    origin: `fr-liveness (${ORIGIN}) with one intermediate tensor added as a graph output by models/onnx-outputs.ts; weights and nodes unchanged`,
    licence: LICENCE,
    upstream: UPSTREAM,
    facts: [
      { fact: 'tensor 581 is the output of BatchNormalization_119, the input of the final MatMul_120 (the 3-class classifier)', evidence: 'graph' },
      { fact: 'class 1 scores real faces higher on the dev replays (AUC 0.98) and on tight face crops of real people; the demo photos read real at 1.0-1.2x the face box and mostly spoof at 2.7x', evidence: 'measured' },
    ],
  },
  {
    kind: 'onnx',
    id: 'fr-feature',
    task: 'face descriptor',
    source: { package: PACKAGE, version: VERSION, file: 'model/fr_feature.onnx' },
    flushDenormals: true,
    opset: 9,
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 112, 112] }],
      outputs: [{ name: 'output', dtype: 'float32', shape: [1, 512] }],
    },
    tensor: { width: 112, height: 112, layout: 'nchw', channels: 'bgr', mean: [127.5, 127.5, 127.5], std: [128, 128, 128] },
    outputs: [{ name: 'output', description: '512-d face embedding, compared by cosine' }],
    origin: `MobileFaceNet-style network; ${ORIGIN}`,
    licence: LICENCE,
    upstream: UPSTREAM,
    facts: [
      { fact: 'input is the 112x112 crop of the five-point similarity alignment to the ArcFace template (eye centres, nose tip, mouth corners)', evidence: 'read' },
      { fact: 'BGR channel order scored better than RGB on held-out LFW pairs', evidence: 'measured' },
    ],
  },
  {
    kind: 'onnx',
    id: 'fr-detect',
    task: 'face detection',
    source: { package: PACKAGE, version: VERSION, file: 'model/fr_detect.onnx' },
    opset: 9,
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 240, 320] }],
      outputs: [
        { name: 'scores', dtype: 'float32', shape: [1, 4420, 2] },
        { name: 'boxes', dtype: 'float32', shape: [1, 4420, 4] },
      ],
    },
    tensor: { width: 320, height: 240, layout: 'nchw', channels: 'rgb', mean: [127, 127, 127], std: [128, 128, 128] },
    outputs: [
      { name: 'scores', description: 'softmax over 2 classes per prior', labels: ['background', 'face'] },
      { name: 'boxes', description: 'decoded boxes [x1, y1, x2, y2] normalised to the input' },
    ],
    origin: `Linzaer's Ultra-Light-Fast-Generic-Face-Detector-1MB, RFB-320 (MIT upstream); ${ORIGIN}`,
    licence: 'MIT (upstream Ultra-Light-Fast-Generic-Face-Detector-1MB; package licence field MIT)',
    upstream: 'https://github.com/Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB',
    facts: [{ fact: 'input fixed at 1x3x240x320, (x - 127) / 128, RGB; the picture is resized to 320x240 without keeping its aspect', evidence: 'read' }],
  },
  {
    kind: 'onnx',
    id: 'fr-expression',
    task: 'facial expression (seven basic emotions)',
    source: { package: PACKAGE, version: VERSION, file: 'model/fr_expression.onnx' },
    opset: 9,
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }],
      outputs: [{ name: 'output', dtype: 'float32', shape: [1, 7] }],
    },
    tensor: { width: 224, height: 224, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] },
    outputs: [{ name: 'output', description: 'logits over 7 expressions; softmax', labels: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] }],
    origin: `network of unstated architecture and training data; ${ORIGIN}`,
    licence: LICENCE,
    upstream: UPSTREAM,
    facts: [
      { fact: 'input: RGB / 255, 1x3x224x224 (faceplugin preprocessExpression); upstream crop: the box from its top-left corner, 1.2x its width and height, stretched to 224x224', evidence: 'read' },
      { fact: 'classes in FER-2013 order (angry, disgust, fear, happy, sad, surprise, neutral): on 2,000 held-out FER-2013 Training faces (whole 48x48 picture, grey as RGB) each class is the most frequent prediction for its own label (top-1 64.7 %)', evidence: 'measured' },
    ],
  },
  {
    kind: 'onnx',
    id: 'fr-expression-embed',
    task: 'facial expression: the fr-expression network with its 1024-value pooled features exposed',
    source: { package: PACKAGE, version: VERSION, file: 'model/fr_expression.onnx' },
    opset: 9,
    addOutputs: ['1160'],
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }],
      outputs: [
        { name: 'output', dtype: 'float32', shape: [1, 7] },
        { name: '1160', dtype: 'float32', shape: [1, 1024] },
      ],
    },
    tensor: { width: 224, height: 224, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] },
    outputs: [
      { name: 'output', description: 'logits over 7 expressions, as fr-expression', labels: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] },
      { name: '1160', description: '1024 pooled features: the flattened global average pool that feeds the classifier (Flatten_373), read by the trained emotion head' },
    ],
    origin: `fr-expression (${ORIGIN}) with one intermediate tensor added as a graph output by models/onnx-outputs.ts; weights and nodes unchanged`,
    licence: LICENCE,
    upstream: UPSTREAM,
    facts: [
      { fact: 'a DenseNet-121-shaped graph (four dense blocks, norm5, global average pool, one Gemm classifier); tensor 1160 is the output of Flatten_373, the input of the final Gemm_374', evidence: 'graph' },
    ],
  },
];
