/**
 * Writes the trained softmax head as ONNX through the project's own graph
 * builder (packages/tfjs-to-onnx): `features` [N, F] -> `probabilities`
 * [N, K] as Sub(mean), Mul(1 / std), MatMul, Add, Softmax, so the
 * standardisation stays readable in the graph.
 */
import { createHash } from 'node:crypto';
import { OnnxGraphBuilder } from '../../../packages/tfjs-to-onnx/src/onnx/builder.ts';
import type { SoftmaxModel } from './softmax-regression.ts';

export const OPSET = 17;

export function headToOnnx(model: SoftmaxModel, head: { id: string; input: string; output: string }, metadata: Record<string, string>): Uint8Array {
  const d = model.mean.length;
  const k = model.classes;
  const g = new OnnxGraphBuilder(head.id.replace(/-/g, '_'));
  const input = g.addInput(head.input, 'float32', ['batch', d]);
  const mean = g.addInitializer('mean', { dtype: 'float32', shape: [d], data: Float32Array.from(model.mean) });
  const scale = g.addInitializer('scale', { dtype: 'float32', shape: [d], data: Float32Array.from(model.scale) });
  const w = g.addInitializer('weights', { dtype: 'float32', shape: [d, k], data: Float32Array.from(model.weights) });
  const b = g.addInitializer('bias', { dtype: 'float32', shape: [k], data: Float32Array.from(model.bias) });
  const [centred] = g.addNode('Sub', [input, mean], { name: 'centre' });
  const [scaled] = g.addNode('Mul', [centred!, scale], { name: 'standardise' });
  const [mm] = g.addNode('MatMul', [scaled!, w], { name: 'dense' });
  const [z] = g.addNode('Add', [mm!, b], { name: 'dense_bias' });
  g.addNode('Softmax', [z!], { outputs: [head.output], attributes: { axis: 1 } });
  g.addOutput(head.output, 'float32', ['batch', k]);
  return g.serialize({ opset: OPSET, producerName: '@facelab/emotion-estimator train', docString: `class probabilities from ${d} pooled expression features`, metadata });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
