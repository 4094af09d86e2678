/**
 * Writes a trained logistic head as ONNX through the project's own graph builder
 * (packages/tfjs-to-onnx): `features` [N, F] -> `real` [N, 1] = P(real),
 * as Sub(mean), Mul(1 / std), MatMul, Add, Sigmoid, so the standardisation
 * stays readable in the graph. With `unitLength` each row is first divided
 * by its Euclidean length (ReduceL2, Div), as loso.ts's candidateInputs does.
 */
import { createHash } from 'node:crypto';
import { OnnxGraphBuilder } from '../../../packages/tfjs-to-onnx/src/onnx/builder.ts';
import type { Logistic } from './logistic.ts';

export const OPSET = 17;

interface HeadIo {
  id: string;
  input: string;
  output: string;
  features: readonly string[];
}

export function headToOnnx(model: Logistic, head: HeadIo, metadata: Record<string, string>, options: { unitLength?: boolean } = {}): Uint8Array {
  const d = head.features.length;
  if (model.weights.length !== d) throw new Error(`head has ${model.weights.length} inputs, ${head.id} lists ${d} features`);
  const g = new OnnxGraphBuilder(head.id.replace(/-/g, '_'));
  const input = g.addInput(head.input, 'float32', ['batch', d]);
  const mean = g.addInitializer('mean', { dtype: 'float32', shape: [d], data: Float32Array.from(model.mean) });
  const scale = g.addInitializer('scale', { dtype: 'float32', shape: [d], data: Float32Array.from(model.scale) });
  const w = g.addInitializer('weights', { dtype: 'float32', shape: [d, 1], data: Float32Array.from(model.weights) });
  const b = g.addInitializer('bias', { dtype: 'float32', shape: [1], data: Float32Array.of(model.bias) });
  let features = input;
  if (options.unitLength) {
    // ReduceL2 takes its axes as an attribute up to opset 17.
    const [length] = g.addNode('ReduceL2', [input], { name: 'length', attributes: { axes: [1], keepdims: 1 } });
    features = g.addNode('Div', [input, length!], { name: 'unit_length' })[0]!;
  }
  const [centred] = g.addNode('Sub', [features, mean], { name: 'centre' });
  const [scaled] = g.addNode('Mul', [centred!, scale], { name: 'standardise' });
  const [mm] = g.addNode('MatMul', [scaled!, w], { name: 'dense' });
  const [z] = g.addNode('Add', [mm!, b], { name: 'dense_bias' });
  g.addNode('Sigmoid', [z!], { outputs: [head.output] });
  g.addOutput(head.output, 'float32', ['batch', 1]);
  const described = d > 8 ? `${head.features.slice(0, 3).join(', ')}, ... ${head.features[d - 1]}` : head.features.join(', ');
  return g.serialize({ opset: OPSET, producerName: '@facelab/liveness-estimator train', docString: `P(real) from ${described}`, metadata });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
