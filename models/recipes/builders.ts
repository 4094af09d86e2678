/**
 * Recipes of models whose architecture lives in code and is rebuilt from
 * their weights with the ONNX graph builder (models/builders/).
 */
import type { ModelRecipe } from '../recipe-types.ts';

export const BUILDER_RECIPES: readonly ModelRecipe[] = [
  {
    kind: 'builder',
    id: 'faceapi-resnet34',
    task: 'face descriptor',
    source: { package: '@vladmandic/face-api', file: 'model/face_recognition_model-weights_manifest.json' },
    weights: ['model/face_recognition_model.bin'],
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: ['N', 3, 150, 150] }],
      outputs: [{ name: 'descriptor', dtype: 'float32', shape: ['N', 128] }],
    },
    build: async (dir) => (await import('../builders/faceapi-resnet34.ts')).buildFaceapiResnet34(`${dir}/model`),
    tensor: { width: 150, height: 150, layout: 'nchw', channels: 'rgb', mean: [122.782, 117.001, 104.298], std: [255, 255, 255] },
    outputs: [{ name: 'descriptor', description: '128-d face descriptor; Euclidean distance, 0.6 as the usual same-person threshold' }],
    origin: 'face-api.js face recognition model: dlib\'s ResNet-34 face descriptor (Davis King), uint8-quantised tfjs-layers weights in @vladmandic/face-api; graph rebuilt in models/builders/faceapi-resnet34.ts',
    licence: 'MIT (face-api.js); dlib model weights public domain',
    upstream: 'https://github.com/justadudewhohacks/face-api.js',
    facts: [
      { fact: '99.38% on LFW as face-api.js publishes it', evidence: 'read' },
      { fact: 'face-api subtracts the mean and divides by 255 on a 150x150 RGB crop', evidence: 'read' },
    ],
  },
];
