/**
 * Writes the trained head as ONNX through the project's own graph builder
 * (packages/tfjs-to-onnx): `features` [N, F] -> `real` [N, 1] = P(real),
 * as Sub(mean), Mul(1 / std), MatMul, Add, Sigmoid, so the standardisation
 * stays readable in the graph.
 */
import { createHash } from 'node:crypto';
import { OnnxGraphBuilder } from '../../../packages/tfjs-to-onnx/src/onnx/builder.ts';
import { HEAD } from '../src/models.ts';
import type { Logistic } from './logistic.ts';

export const OPSET = 17;

export function headToOnnx(model: Logistic, metadata: Record<string, string>): Uint8Array {
  const d = HEAD.features.length;
  if (model.weights.length !== d) throw new Error(`head has ${model.weights.length} inputs, HEAD_FEATURES lists ${d}`);
  const g = new OnnxGraphBuilder('liveness_head');
  const input = g.addInput(HEAD.input, 'float32', ['batch', d]);
  const mean = g.addInitializer('mean', { dtype: 'float32', shape: [d], data: Float32Array.from(model.mean) });
  const scale = g.addInitializer('scale', { dtype: 'float32', shape: [d], data: Float32Array.from(model.scale) });
  const w = g.addInitializer('weights', { dtype: 'float32', shape: [d, 1], data: Float32Array.from(model.weights) });
  const b = g.addInitializer('bias', { dtype: 'float32', shape: [1], data: Float32Array.of(model.bias) });
  const [centred] = g.addNode('Sub', [input, mean], { name: 'centre' });
  const [scaled] = g.addNode('Mul', [centred!, scale], { name: 'standardise' });
  const [mm] = g.addNode('MatMul', [scaled!, w], { name: 'dense' });
  const [z] = g.addNode('Add', [mm!, b], { name: 'dense_bias' });
  g.addNode('Sigmoid', [z!], { outputs: [HEAD.output] });
  g.addOutput(HEAD.output, 'float32', ['batch', 1]);
  return g.serialize({ opset: OPSET, producerName: '@facelab/liveness-estimator train', docString: `P(real) from ${HEAD.features.join(', ')}`, metadata });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
