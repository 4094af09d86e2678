/**
 * Writes the trained head as ONNX through the project's own graph builder
 * (packages/tfjs-to-onnx): `features` [N, 1024] -> `mask` [N, 1] = P(mask).
 * The feature standardisation is folded into the first layer, so the graph
 * is MatMul, Add, Relu, MatMul, Add, Sigmoid (one MatMul for a linear head).
 */
import { OnnxGraphBuilder } from '../../../packages/tfjs-to-onnx/src/onnx/builder.ts';
import { FEATURE_MODEL, HEAD_MODEL } from '../src/models.ts';
import type { HeadWeights } from './classifier.ts';

/** First-layer weights and biases with (x - mean) * scale folded in. */
function folded(head: HeadWeights): { w: Float32Array; b: Float32Array; outputs: number } {
  const dim = head.inputs;
  const outputs = head.hidden || 1;
  const source = head.hidden ? head.w1 : head.w2;
  const bias = head.hidden ? Float64Array.from(head.b1) : Float64Array.of(head.b2);
  const w = new Float32Array(dim * outputs);
  for (let j = 0; j < dim; j++) {
    for (let u = 0; u < outputs; u++) {
      const v = source[j * outputs + u] * head.scale[j];
      w[j * outputs + u] = v;
      bias[u] -= v * head.mean[j];
    }
  }
  return { w, b: Float32Array.from(bias), outputs };
}

export function headToOnnx(head: HeadWeights, metadata: Record<string, string>): Uint8Array {
  const g = new OnnxGraphBuilder('mask_head');
  const input = g.addInput(HEAD_MODEL.input, 'float32', ['N', FEATURE_MODEL.size]);
  const first = folded(head);
  const w1 = g.addInitializer('w1', { dtype: 'float32', shape: [head.inputs, first.outputs], data: first.w });
  const b1 = g.addInitializer('b1', { dtype: 'float32', shape: [first.outputs], data: first.b });
  const [mm1] = g.addNode('MatMul', [input, w1], { name: 'dense1' });
  let [z] = g.addNode('Add', [mm1!, b1], { name: 'dense1_bias' });
  if (head.hidden) {
    const [h] = g.addNode('Relu', [z!], { name: 'relu' });
    const w2 = g.addInitializer('w2', { dtype: 'float32', shape: [head.hidden, 1], data: head.w2 });
    const b2 = g.addInitializer('b2', { dtype: 'float32', shape: [1], data: Float32Array.of(head.b2) });
    const [mm2] = g.addNode('MatMul', [h!, w2], { name: 'dense2' });
    [z] = g.addNode('Add', [mm2!, b2], { name: 'dense2_bias' });
  }
  g.addNode('Sigmoid', [z!], { outputs: [HEAD_MODEL.output] });
  g.addOutput(HEAD_MODEL.output, 'float32', ['N', 1]);
  return g.serialize({ producerName: '@facelab/mask-estimator train', docString: 'P(medical mask) from faceres global_pooling/Mean features', metadata });
}
