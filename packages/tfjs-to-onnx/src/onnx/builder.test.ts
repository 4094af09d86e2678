import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder, floatAttr } from './builder.js';
import { ProtoWriter } from './protobuf.js';

function tinyModel(): Uint8Array {
  const g = new OnnxGraphBuilder('tiny');
  g.addInput('x', 'float32', ['N', 3]);
  const w = g.addInitializer('w', { dtype: 'float32', shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
  const b = g.addInitializer('b', { dtype: 'float32', shape: [2], data: Float32Array.from([0.5, -0.5]) });
  const [h] = g.addNode('Gemm', ['x', w, b], { attributes: { alpha: floatAttr(2), transB: 0 } });
  g.addNode('LeakyRelu', [h!], { outputs: ['y'], attributes: { alpha: floatAttr(0.1) } });
  g.addOutput('y', 'float32', ['N', 2]);
  return g.serialize({ metadata: { b: '2', a: '1' } });
}

describe('protobuf writer', () => {
  it('encodes varints, negative int64 and fixed32 floats as the wire format defines', () => {
    const w = new ProtoWriter().varint(1, 150).varint(2, -1).float(3, 1).string(4, 'hi');
    expect(Array.from(w.finish())).toEqual([
      0x08, 0x96, 0x01,
      0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
      0x1d, 0x00, 0x00, 0x80, 0x3f,
      0x22, 0x02, 0x68, 0x69,
    ]);
  });
});

describe('OnnxGraphBuilder', () => {
  it('writes a model onnxruntime loads and runs, with a dynamic batch', async () => {
    const session = await ort.InferenceSession.create(tinyModel());
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const x = new ort.Tensor('float32', Float32Array.from([1, 0, -1, 0, 0, -1]), [2, 3]);
    const { y } = await session.run({ x });
    // x @ w * 2 + b, then LeakyRelu(0.1)
    expect(Array.from(y!.data as Float32Array)).toEqual([Math.fround(-7.5 * 0.1), Math.fround(-8.5 * 0.1), Math.fround(-9.5 * 0.1), Math.fround(-12.5 * 0.1)]);
  });

  it('serialises deterministically', () => {
    expect(Buffer.from(tinyModel()).equals(Buffer.from(tinyModel()))).toBe(true);
  });

  it('refuses duplicate tensor names and makes generated names unique', () => {
    const g = new OnnxGraphBuilder();
    g.addInput('x', 'float32', [1]);
    expect(() => g.addInput('x', 'float32', [1])).toThrow(/"x" is already used/);
    expect(g.uniqueName('x')).toBe('x_1');
    expect(g.addNode('Relu', ['x'])).toEqual(['Relu']);
    expect(g.addNode('Relu', ['x'])).toEqual(['Relu_1']);
    expect(() => g.addNode('Relu', ['x'], { attributes: { alpha: 0.5 } })).toThrow(/floatAttr/);
  });
});
