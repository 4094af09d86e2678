/** Checks that the written ONNX head computes what the trained weights compute. */
import * as ort from 'onnxruntime-node';
import { FEATURE_MODEL, HEAD_MODEL } from '../src/models.ts';
import { predict, type HeadWeights } from './classifier.ts';

export async function verifyOnnx(onnx: Uint8Array, head: HeadWeights, features: Float32Array, log: (line: string) => void): Promise<void> {
  const session = await ort.InferenceSession.create(onnx);
  const n = features.length / FEATURE_MODEL.size;
  const out = await session.run({ [HEAD_MODEL.input]: new ort.Tensor('float32', Float32Array.from(features), [n, FEATURE_MODEL.size]) });
  const got = out[HEAD_MODEL.output].data as Float32Array;
  const want = predict(head, features);
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  log(`onnx check: ${n} rows, largest difference ${worst.toExponential(2)}`);
  if (worst > 1e-4) throw new Error(`ONNX head disagrees with the trained weights by ${worst}`);
  await session.release();
}
