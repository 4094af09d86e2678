/**
 * models/builders/tflite-to-onnx.ts on FaceAntiSpoofing.tflite
 * (dtn-antispoof) against an independent run of the same TFLite graph in
 * TF.js (NHWC, TF's own SAME padding and pooling), on a real face crop: the
 * ONNX graph must give the same leaf scores and route to the same leaf, and
 * building must reproduce the manifest's sha256.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createOrtBackend } from '@facelab/runtime';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'models', 'manifest.json'), 'utf8'));
const entry = manifest.models['dtn-antispoof'];
const TFLITE = join(ROOT, 'models', '.packages', `${entry.source.package}@${entry.source.version}`, entry.source.file);
// The converter lives in models/, outside this package (and its rootDir).
const reader = await import(pathToFileURL(join(ROOT, 'models', 'builders', 'tflite-reader.ts')).href);
const builder = await import(pathToFileURL(join(ROOT, 'models', 'builders', 'dtn-antispoof.ts')).href);

/** A face of sample1 cropped square and scaled to 256x256, RGB / 255, HWC. */
async function faceHwc(): Promise<Float32Array> {
  const file = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');
  const raw = await sharp(file).extract({ left: 418, top: 409, width: 192, height: 192 }).resize(256, 256).removeAlpha().raw().toBuffer();
  return Float32Array.from(raw, (v) => v / 255);
}

/** Runs subgraph 0 of the TFLite model with TF.js ops (the reference). */
function runTfjs(tf: any, model: any, input: Float32Array): { scores: number[]; mask: number[] } {
  const values = new Map<number, any>();
  const get = (i: number): any => {
    if (!values.has(i)) {
      const t = model.tensors[i];
      values.set(i, tf.tensor(reader.floatsOf(t), t.shape.length ? t.shape : []));
    }
    return values.get(i);
  };
  values.set(model.inputs[0], tf.tensor(input, [1, 256, 256, 3]));
  const pad = (o: any): 'same' | 'valid' => (o.int8(0) === 0 ? 'same' : 'valid');
  for (const op of model.operators) {
    const [a, b, c] = op.inputs;
    const o = op.options;
    let y: any;
    switch (op.code) {
      case 6: y = get(a); break; // DEQUANTIZE (float16 widened by the reader)
      case 3: {
        const w = tf.transpose(get(b), [1, 2, 3, 0]); // [out, kh, kw, in] -> [kh, kw, in, out]
        y = tf.add(tf.conv2d(get(a), w, [o.int32(2, 1), o.int32(1, 1)], pad(o)), get(c));
        if (o.int8(3) === 1) y = tf.relu(y);
        break;
      }
      case 98: y = tf.leakyRelu(get(a), o.float32(0)); break;
      case 0: y = tf.add(get(a), get(b)); break;
      case 41: y = tf.sub(get(a), get(b)); break;
      case 18: y = tf.mul(get(a), get(b)); break;
      case 17: y = tf.maxPool(get(a), [o.int32(4), o.int32(3)], [o.int32(2), o.int32(1)], pad(o)); break;
      case 1: y = tf.avgPool(get(a), [o.int32(4), o.int32(3)], [o.int32(2), o.int32(1)], pad(o)); break;
      case 22: y = tf.reshape(get(a), [1, -1]); break;
      case 45: y = get(a); break; // whole-tensor slice
      case 9: y = tf.add(tf.matMul(tf.reshape(get(a), [1, -1]), get(b), false, true), get(c)); break;
      case 62: y = tf.greaterEqual(get(a), get(b)); break;
      case 58: y = tf.less(get(a), get(b)); break;
      case 53: y = tf.cast(get(a), 'float32'); break;
      case 2: y = tf.concat(op.inputs.map(get), o.int32(0)); break;
      default: throw new Error(`reference: op ${op.code}`);
    }
    values.set(op.outputs[0], y);
  }
  const [scores, mask] = model.outputs.map((i: number) => Array.from(values.get(i).dataSync() as Float32Array));
  return { scores, mask };
}

describe('dtn-antispoof (TFLite -> ONNX)', () => {
  it('builds the bytes the manifest names', async () => {
    const bytes: Uint8Array = await builder.buildDtnAntispoof(TFLITE);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.onnx.sha256);
  });

  it("gives the TFLite graph's own leaf scores and leaf on a real face", async () => {
    const hwc = await faceHwc();
    const chw = new Float32Array(hwc.length);
    for (let i = 0; i < 256 * 256; i++) for (let ch = 0; ch < 3; ch++) chw[ch * 65536 + i] = hwc[i * 3 + ch];
    const session = await createOrtBackend({ threads: 1 }).load('dtn-antispoof');
    const out = await session.run({ input: { type: 'float32', data: chw, dims: [1, 3, 256, 256] } }, ['leaf_scores', 'leaf_mask']);
    const ours = Array.from(out.leaf_scores.data as Float32Array);
    const oursMask = Array.from(out.leaf_mask.data as Float32Array);

    const tf = require('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const theirs = tf.tidy(() => runTfjs(tf, reader.readTflite(new Uint8Array(readFileSync(TFLITE))), hwc));

    expect(oursMask).toEqual(theirs.mask);
    expect(oursMask.reduce((s, v) => s + v, 0)).toBe(1);
    // Leaf scores of a live face are around 0.01: compare to 1e-5, far below what a padding or layout slip changes (about 1e-3).
    for (let i = 0; i < 8; i++) expect(Math.abs(ours[i] - theirs.scores[i])).toBeLessThan(1e-5);
    // Upstream calls a face live when |score| of the routed leaf is below 0.2; this one is a live face.
    expect(ours.reduce((s, v, i) => s + Math.abs(v) * oursMask[i], 0)).toBeLessThan(0.2);
  });
});
