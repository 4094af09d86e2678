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
  {
    kind: 'builder',
    id: 'faceapi-age-gender',
    task: 'age and gender',
    source: { package: '@vladmandic/face-api', file: 'model/age_gender_model-weights_manifest.json' },
    weights: ['model/age_gender_model.bin'],
    signature: {
      inputs: [{ name: 'input', dtype: 'float32', shape: ['N', 3, 112, 112] }],
      outputs: [
        { name: 'age', dtype: 'float32', shape: ['N', 1] },
        { name: 'gender', dtype: 'float32', shape: ['N', 2] },
      ],
    },
    build: async (dir) => (await import('../builders/faceapi-age-gender.ts')).buildFaceapiAgeGender(`${dir}/model`),
    tensor: { width: 112, height: 112, layout: 'nchw', channels: 'rgb', mean: [122.782, 117.001, 104.298], std: [255, 255, 255] },
    outputs: [
      { name: 'age', description: 'age in years (regression)' },
      { name: 'gender', description: 'softmax [P(male), P(female)]; face-api reads male when P(male) > 0.5' },
    ],
    origin: 'face-api.js age and gender model (TinyXception backbone, 2 middle blocks, fc heads), uint8-quantised tfjs-layers weights in @vladmandic/face-api; graph rebuilt in models/builders/faceapi-age-gender.ts',
    licence: 'MIT (face-api.js, weights included)',
    upstream: 'https://github.com/justadudewhohacks/face-api.js',
    facts: [
      { fact: 'trained on UTKFace (and others) as face-api.js describes it: its UTKFace figures are not unseen-data figures', evidence: 'read' },
      { fact: 'face-api feeds the face box crop padded to a square with black (centred) and resized bilinearly to 112x112, RGB minus the mean, divided by 255', evidence: 'read' },
      { fact: 'with landmarks, face-api crops the box of the 68 points padded by 20% of its size (10% each side)', evidence: 'read' },
    ],
  },
];
