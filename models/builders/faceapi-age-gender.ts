/**
 * face-api's age and gender net (a TinyXception backbone with two fully
 * connected heads) as an ONNX graph, rebuilt from the layer names and
 * shapes of `age_gender_model-weights_manifest.json`:
 *
 *   input 112x112 RGB, (pixel - [122.782, 117.001, 104.298]) / 255 (done by the caller)
 *   conv 3x3/2 'same' + ReLU (32)
 *   reduction block x2 (64, 128; the first without the ReLU on its input)
 *   main block x2 (128), reduction block (256)
 *   separable conv (512) + ReLU, average pool 7x7 (the whole 7x7 map)
 *   fc 512 -> 1: age in years; fc 512 -> 2 + softmax: [P(male), P(female)]
 *
 * A separable conv is a 3x3 depthwise conv (no bias) then a 1x1 conv with
 * bias, both 'same'. A reduction block: [ReLU], sep conv, ReLU, sep conv,
 * max-pool 3x3/2 'same', plus a 1x1/2 conv of the block's input. A main
 * block: three (ReLU, sep conv) plus its input. TensorFlow's 'same' puts
 * the odd padding pixel at the end, which the explicit pads here repeat.
 *
 * The graph is NCHW (`input` [N, 3, 112, 112] -> `age` [N, 1], `gender`
 * [N, 2]), opset 17; the output bytes depend only on the weight files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWeights, OnnxGraphBuilder, type Tensor, type WeightsGroup } from '@facelab/tfjs-to-onnx';
import { FACEAPI_MODEL_DIR } from './faceapi-resnet34.ts';

export { FACEAPI_MODEL_DIR };

/** Input side and the per-channel RGB mean face-api subtracts before dividing by 255. */
export const FACEAPI_AGE_GENDER_INPUT = { size: 112, mean: [122.782, 117.001, 104.298], std: [255, 255, 255] } as const;

/** Reads the manifest and shard(s) of face-api's age/gender model and decodes them. */
export async function loadFaceapiAgeGenderWeights(dir = FACEAPI_MODEL_DIR): Promise<Map<string, Tensor>> {
  const manifest = JSON.parse(await readFile(join(dir, 'age_gender_model-weights_manifest.json'), 'utf8')) as WeightsGroup[];
  const groups = await Promise.all(
    manifest.map(async (group) => new Uint8Array(Buffer.concat(await Promise.all(group.paths.map((p) => readFile(join(dir, p))))))),
  );
  return decodeWeights(manifest, groups);
}

/**
 * Builds the ONNX bytes of face-api's age/gender net.
 *
 * @example
 * const bytes = await buildFaceapiAgeGender();
 * await writeFile('models/build/faceapi-age-gender.onnx', bytes);
 */
export async function buildFaceapiAgeGender(dir = FACEAPI_MODEL_DIR): Promise<Uint8Array> {
  return buildFaceapiAgeGenderFromWeights(await loadFaceapiAgeGenderWeights(dir));
}

/** TF 'same' padding of one spatial axis: [begin, end] and the output size. */
function samePads(size: number, kernel: number, stride: number): [number, number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + kernel - size);
  return [Math.floor(total / 2), total - Math.floor(total / 2), out];
}

/** TF [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
function toOihw(t: Tensor): { shape: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = t.shape as [number, number, number, number];
  const src = t.data as Float32Array;
  const w = new Float32Array(src.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) w[((o * cin + i) * kh + y) * kw + x] = src[((y * kw + x) * cin + i) * cout + o];
  return { shape: [cout, cin, kh, kw], data: w };
}

/** TF depthwise [kh, kw, C, 1] -> ONNX [C, 1, kh, kw] (a grouped conv with group = C). */
function depthwiseToOihw(t: Tensor): { shape: number[]; data: Float32Array } {
  const [kh, kw, c] = t.shape as [number, number, number, number];
  const src = t.data as Float32Array;
  const w = new Float32Array(src.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < c; i++) w[(i * kh + y) * kw + x] = src[(y * kw + x) * c + i];
  return { shape: [c, 1, kh, kw], data: w };
}

/** The same, from already decoded weights (named as in face-api's manifest). */
export function buildFaceapiAgeGenderFromWeights(weights: ReadonlyMap<string, Tensor>): Uint8Array {
  const g = new OnnxGraphBuilder('faceapi_age_gender');
  const get = (name: string): Tensor => {
    const t = weights.get(name);
    if (!t) throw new Error(`face-api age/gender: weight "${name}" is missing from the manifest`);
    return t;
  };
  const float = (name: string, shape: number[], data: Float32Array): string => g.addInitializer(name, { dtype: 'float32', shape, data });

  /** A conv of TF filters `filters` (+ `bias` when given), 'same' padding; returns the output name and size. */
  const conv = (x: string, size: number, name: string, filters: Tensor, bias: Tensor | undefined, stride: number, group = 1): [string, number] => {
    const { shape, data } = group > 1 ? depthwiseToOihw(filters) : toOihw(filters);
    const [kh, kw] = [shape[2], shape[3]];
    const inputs = [x, float(`${name}/W`, shape, data)];
    if (bias) inputs.push(float(`${name}/B`, [bias.shape[0]], bias.data as Float32Array));
    const [b0, b1, out] = samePads(size, kh, stride);
    const [outName] = g.addNode('Conv', inputs, {
      name,
      attributes: { kernel_shape: [kh, kw], strides: [stride, stride], pads: [b0, b0, b1, b1], group },
    });
    return [outName, out];
  };
  const relu = (x: string, name: string): string => g.addNode('Relu', [x], { name: `${name}/relu` })[0];
  const separable = (x: string, size: number, prefix: string): string => {
    const [d] = conv(x, size, `${prefix}/depthwise`, get(`${prefix}/depthwise_filter`), undefined, 1, get(`${prefix}/depthwise_filter`).shape[2]);
    return conv(d, size, `${prefix}/pointwise`, get(`${prefix}/pointwise_filter`), get(`${prefix}/bias`), 1)[0];
  };
  const reduction = (x: string, size: number, prefix: string, activateInput: boolean): [string, number] => {
    let out = activateInput ? relu(x, `${prefix}/in`) : x;
    out = separable(out, size, `${prefix}/separable_conv0`);
    out = separable(relu(out, `${prefix}/separable_conv0`), size, `${prefix}/separable_conv1`);
    const [p0, p1, pooled] = samePads(size, 3, 2);
    [out] = g.addNode('MaxPool', [out], { name: `${prefix}/maxpool`, attributes: { kernel_shape: [3, 3], strides: [2, 2], pads: [p0, p0, p1, p1] } });
    const [expanded] = conv(x, size, `${prefix}/expansion_conv`, get(`${prefix}/expansion_conv/filters`), get(`${prefix}/expansion_conv/bias`), 2);
    return [g.addNode('Add', [out, expanded], { name: `${prefix}/add` })[0], pooled];
  };
  const main = (x: string, size: number, prefix: string): string => {
    let out = x;
    for (let k = 0; k < 3; k++) out = separable(relu(out, `${prefix}/separable_conv${k}/in`), size, `${prefix}/separable_conv${k}`);
    return g.addNode('Add', [out, x], { name: `${prefix}/add` })[0];
  };

  const { size: inputSize } = FACEAPI_AGE_GENDER_INPUT;
  const input = g.addInput('input', 'float32', ['N', 3, inputSize, inputSize]);
  let [x, size] = conv(input, inputSize, 'entry_flow/conv_in', get('entry_flow/conv_in/filters'), get('entry_flow/conv_in/bias'), 2);
  x = relu(x, 'entry_flow/conv_in');
  [x, size] = reduction(x, size, 'entry_flow/reduction_block_0', false);
  [x, size] = reduction(x, size, 'entry_flow/reduction_block_1', true);
  for (let k = 0; weights.has(`middle_flow/main_block_${k}/separable_conv0/bias`); k++) x = main(x, size, `middle_flow/main_block_${k}`);
  [x, size] = reduction(x, size, 'exit_flow/reduction_block', true);
  x = relu(separable(x, size, 'exit_flow/separable_conv'), 'exit_flow/separable_conv');
  if (size !== 7) throw new Error(`face-api age/gender: the feature map is ${size}x${size}, the 7x7 pool expects 7x7`);
  // face-api's 7x7/2 'valid' average pool on the 7x7 map is one global mean.
  const [pooled] = g.addNode('ReduceMean', [x], { name: 'pool', attributes: { axes: [2, 3], keepdims: 0 } });
  const fc = (head: string): string => {
    const w = get(`fc/${head}/weights`);
    const [mm] = g.addNode('MatMul', [pooled, float(`fc/${head}/W`, w.shape as number[], w.data as Float32Array)], { name: `fc/${head}/matmul` });
    const b = get(`fc/${head}/bias`);
    return g.addNode('Add', [mm, float(`fc/${head}/B`, [b.shape[0]], b.data as Float32Array)], { name: `fc/${head}/add`, ...(head === 'age' ? { outputs: ['age'] } : {}) })[0];
  };
  fc('age');
  g.addNode('Softmax', [fc('gender')], { name: 'gender/softmax', attributes: { axis: 1 }, outputs: ['gender'] });
  g.addOutput('age', 'float32', ['N', 1]);
  g.addOutput('gender', 'float32', ['N', 2]);
  return g.serialize({
    producerName: 'facelab/models/builders/faceapi-age-gender',
    docString: 'face-api.js age_gender_model (TinyXception, age regression and gender softmax), rebuilt from its tfjs-layers weights',
  });
}
