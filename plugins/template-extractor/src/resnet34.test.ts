/**
 * models/builders/faceapi-resnet34.ts against face-api's own TF.js run of
 * the same weights: the rebuilt ONNX graph must give face-api's
 * descriptor, and building must be deterministic (the manifest's sha256).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createOrtBackend } from '@facelab/runtime';
import { FACEAPI_RESNET34 } from './models.ts';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..', '..');
// The builder lives in models/, outside this package (and its rootDir).
const builder = await import(pathToFileURL(join(ROOT, 'models', 'builders', 'faceapi-resnet34.ts')).href);

/** A 150x150 crop of a face of sample1 (RGB bytes; not aligned: only the arithmetic is compared). */
async function crops(): Promise<Uint8Array[]> {
  const file = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');
  const boxes = [{ left: 418, top: 409, width: 192, height: 192 }];
  return Promise.all(boxes.map(async (b) => new Uint8Array(await sharp(file).extract(b).resize(150, 150).removeAlpha().raw().toBuffer())));
}

describe('faceapi-resnet34 builder', () => {
  it('builds the bytes the manifest names', async () => {
    const bytes: Uint8Array = await builder.buildFaceapiResnet34();
    const manifest = JSON.parse(readFileSync(join(ROOT, 'models', 'manifest.json'), 'utf8'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.models[FACEAPI_RESNET34.id].onnx.sha256);
  });

  it("gives face-api's own descriptor", async () => {
    const pixels = await crops();
    const { mean, std } = FACEAPI_RESNET34.tensor;
    const input = new Float32Array(3 * 150 * 150);
    pixels.forEach((p, n) => {
      for (let i = 0; i < 150 * 150; i++) for (let c = 0; c < 3; c++) input[n * 67500 + c * 22500 + i] = (p[i * 3 + c] - mean[c]) / std[c];
    });
    const session = await createOrtBackend({ threads: 1 }).load(FACEAPI_RESNET34.id);
    const ours = (await session.run({ input: { type: 'float32', data: input, dims: [1, 3, 150, 150] } }, ['descriptor'])).descriptor.data as Float32Array;

    const tf = require('@tensorflow/tfjs');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    await tf.setBackend('cpu');
    const manifest = JSON.parse(readFileSync(join(builder.FACEAPI_MODEL_DIR, 'face_recognition_model-weights_manifest.json'), 'utf8'));
    const bin = readFileSync(join(builder.FACEAPI_MODEL_DIR, 'face_recognition_model.bin'));
    const net = new faceapi.FaceRecognitionNet();
    net.loadFromWeightMap(tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), manifest[0].weights));
    const batch = new faceapi.NetInput(pixels.map((p) => tf.tensor3d(Float32Array.from(p), [150, 150, 3])));
    const theirs = tf.tidy(() => net.forwardInput(batch).dataSync()) as Float32Array;

    expect(ours).toHaveLength(128);
    let worst = 0;
    for (let i = 0; i < 128; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    expect(worst).toBeLessThan(1e-4);
  });
});
