/**
 * models/builders/faceapi-age-gender.ts against face-api's own TF.js run of
 * the same weights: the rebuilt ONNX graph must give face-api's age and
 * gender on real face crops, and building must be deterministic (the
 * manifest's sha256).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createOrtBackend } from '@facelab/runtime';
import { FACEAPI_AGE_GENDER } from './faceapi.ts';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..', '..');
// The builder lives in models/, outside this package (and its rootDir).
const builder = await import(pathToFileURL(join(ROOT, 'models', 'builders', 'faceapi-age-gender.ts')).href);
const SIZE = FACEAPI_AGE_GENDER.size;

/** 112x112 crops (RGB bytes) of two faces of sample1 and one of sample2: only the arithmetic is compared. */
async function crops(): Promise<Uint8Array[]> {
  const demo = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
  const boxes = [
    ['sample1.jpg', { left: 418, top: 409, width: 192, height: 192 }],
    ['sample1.jpg', { left: 60, top: 60, width: 250, height: 250 }],
    ['sample2.jpg', { left: 100, top: 80, width: 160, height: 160 }],
  ] as const;
  return Promise.all(boxes.map(async ([f, b]) => new Uint8Array(await sharp(join(demo, f)).extract(b).resize(SIZE, SIZE).removeAlpha().raw().toBuffer())));
}

describe('faceapi-age-gender builder', () => {
  it('builds the bytes the manifest names', async () => {
    const bytes: Uint8Array = await builder.buildFaceapiAgeGender();
    const manifest = JSON.parse(readFileSync(join(ROOT, 'models', 'manifest.json'), 'utf8'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.models[FACEAPI_AGE_GENDER.id].onnx.sha256);
  });

  it("gives face-api's own age and gender", async () => {
    const pixels = await crops();
    const { mean, std } = FACEAPI_AGE_GENDER.tensor;
    const plane = SIZE * SIZE;
    const input = new Float32Array(pixels.length * 3 * plane);
    pixels.forEach((p, n) => {
      for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) input[(n * 3 + c) * plane + i] = (p[i * 3 + c] - mean[c]) / std[c];
    });
    const session = await createOrtBackend({ threads: 1 }).load(FACEAPI_AGE_GENDER.id);
    const out = await session.run({ input: { type: 'float32', data: input, dims: [pixels.length, 3, SIZE, SIZE] } }, ['age', 'gender']);
    const ours = { age: out.age.data as Float32Array, gender: out.gender.data as Float32Array };

    const tf = require('@tensorflow/tfjs');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    await tf.setBackend('cpu');
    const manifest = JSON.parse(readFileSync(join(builder.FACEAPI_MODEL_DIR, 'age_gender_model-weights_manifest.json'), 'utf8'));
    const bin = readFileSync(join(builder.FACEAPI_MODEL_DIR, 'age_gender_model.bin'));
    const net = new faceapi.AgeGenderNet();
    net.loadFromWeightMap(tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), manifest[0].weights));
    const batch = new faceapi.NetInput(pixels.map((p) => tf.tensor3d(Float32Array.from(p), [SIZE, SIZE, 3])));
    const theirs = tf.tidy(() => {
      const o = net.forwardInput(batch);
      return { age: o.age.dataSync() as Float32Array, gender: o.gender.dataSync() as Float32Array };
    });

    expect(ours.age).toHaveLength(pixels.length);
    expect(ours.gender).toHaveLength(pixels.length * 2);
    for (let i = 0; i < pixels.length; i++) {
      expect(Math.abs(ours.age[i] - theirs.age[i])).toBeLessThan(1e-3);
      expect(ours.gender[2 * i] + ours.gender[2 * i + 1]).toBeCloseTo(1, 5);
    }
    for (let i = 0; i < ours.gender.length; i++) expect(Math.abs(ours.gender[i] - theirs.gender[i])).toBeLessThan(1e-4);
  });
});
