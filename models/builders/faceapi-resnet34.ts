/**
 * face-api's face descriptor (the dlib-trained ResNet-34, 128-d) as an ONNX
 * graph. face-api ships it as tfjs-layers weights without a graph: the
 * architecture lives in its code, so it is rebuilt here from the layer
 * names and shapes of `face_recognition_model-weights_manifest.json`:
 *
 *   input 150x150 RGB, (pixel - [122.782, 117.001, 104.298]) / 255 (done by the caller)
 *   conv 7x7/2 valid + scale + ReLU, max-pool 3x3/2 valid
 *   residual x3 (32), down + residual x3 (64), down + residual x2 (128),
 *   down + residual x2 (256), down (256), global mean, fc 256x128 (no bias)
 *
 * Every conv is followed by face-api's "scale" layer (x * w + b); it is
 * folded into the conv weights here. A "down" block's shortcut is a 2x2
 * average pool, zero-padded on the channel axis to the new width; when the
 * valid stride-2 conv comes out one pixel smaller than the pool, the conv
 * branch gets a zero row and column at the end (face-api's concat of zeros).
 *
 * The graph is NCHW (`input` [N, 3, 150, 150] -> `descriptor` [N, 128]),
 * opset 17; the output bytes depend only on the weight files.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWeights, OnnxGraphBuilder, type Tensor, type WeightsGroup } from '@facelab/tfjs-to-onnx';

/** Where npm puts face-api's weights, from the repository root. */
export const FACEAPI_MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '@vladmandic', 'face-api', 'model');

/** Input side and the per-channel RGB mean face-api subtracts before dividing by 255. */
export const FACEAPI_RESNET34_INPUT = { size: 150, mean: [122.782, 117.001, 104.298], std: [255, 255, 255] } as const;

const BLOCKS: readonly (readonly [name: string, down: boolean])[] = [
  ['conv32_1', false],
  ['conv32_2', false],
  ['conv32_3', false],
  ['conv64_down', true],
  ['conv64_1', false],
  ['conv64_2', false],
  ['conv64_3', false],
  ['conv128_down', true],
  ['conv128_1', false],
  ['conv128_2', false],
  ['conv256_down', true],
  ['conv256_1', false],
  ['conv256_2', false],
  ['conv256_down_out', true],
];

/** Reads the manifest and shard(s) of face-api's recognition model and decodes them (uint8 `q * scale + min`). */
export async function loadFaceapiResnet34Weights(dir = FACEAPI_MODEL_DIR): Promise<Map<string, Tensor>> {
  const manifest = JSON.parse(await readFile(join(dir, 'face_recognition_model-weights_manifest.json'), 'utf8')) as WeightsGroup[];
  const groups = await Promise.all(
    manifest.map(async (group) => {
      const parts = await Promise.all(group.paths.map((p) => readFile(join(dir, p))));
      return new Uint8Array(Buffer.concat(parts));
    }),
  );
  return decodeWeights(manifest, groups);
}

/**
 * Builds the ONNX bytes of face-api's ResNet-34 descriptor.
 *
 * @example
 * const bytes = await buildFaceapiResnet34();
 * await writeFile('models/build/faceapi-resnet34.onnx', bytes);
 */
export async function buildFaceapiResnet34(dir = FACEAPI_MODEL_DIR): Promise<Uint8Array> {
  return buildFaceapiResnet34FromWeights(await loadFaceapiResnet34Weights(dir));
}

/** The same, from already decoded weights (named as in face-api's manifest). */
export function buildFaceapiResnet34FromWeights(weights: ReadonlyMap<string, Tensor>): Uint8Array {
  const g = new OnnxGraphBuilder('faceapi_resnet34');
  const get = (name: string): Tensor => {
    const t = weights.get(name);
    if (!t) throw new Error(`face-api ResNet-34: weight "${name}" is missing from the manifest`);
    return t;
  };
  const int64 = (name: string, values: number[]): string =>
    g.addInitializer(name, { dtype: 'int64', shape: [values.length], data: BigInt64Array.from(values.map(BigInt)) });

  /** conv (+ folded scale) with optional ReLU; returns the output name and its new spatial size. */
  const conv = (x: string, size: number, prefix: string, stride: 1 | 2, relu: boolean): [string, number] => {
    const filters = get(`${prefix}/conv/filters`);
    const [kh, kw, cin, cout] = filters.shape as [number, number, number, number];
    const bias = get(`${prefix}/conv/bias`).data as Float32Array;
    const scale = get(`${prefix}/scale/weights`).data as Float32Array;
    const shift = get(`${prefix}/scale/biases`).data as Float32Array;
    const src = filters.data as Float32Array;
    // TF [kh, kw, in, out] -> ONNX [out, in, kh, kw], times the scale of the output channel.
    const w = new Float32Array(src.length);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) w[((o * cin + i) * kh + y) * kw + xx] = src[((y * kw + xx) * cin + i) * cout + o] * scale[o];
    const b = Float32Array.from(bias, (v, o) => v * scale[o] + shift[o]);
    const wName = g.addInitializer(`${prefix}/W`, { dtype: 'float32', shape: [cout, cin, kh, kw], data: w });
    const bName = g.addInitializer(`${prefix}/B`, { dtype: 'float32', shape: [cout], data: b });
    // stride 1 is 'same' (odd kernel: symmetric padding); stride 2 is 'valid'.
    const pad = stride === 1 ? (kh - 1) / 2 : 0;
    const [out] = g.addNode('Conv', [x, wName, bName], {
      name: `${prefix}/conv`,
      attributes: { kernel_shape: [kh, kw], strides: [stride, stride], pads: [pad, pad, pad, pad] },
    });
    const outSize = stride === 1 ? size : Math.floor((size - kh) / 2) + 1;
    return [relu ? g.addNode('Relu', [out], { name: `${prefix}/relu` })[0] : out, outSize];
  };

  const { size: inputSize } = FACEAPI_RESNET34_INPUT;
  const input = g.addInput('input', 'float32', ['N', 3, inputSize, inputSize]);
  let [x, size] = conv(input, inputSize, 'conv32_down', 2, true);
  [x] = g.addNode('MaxPool', [x], { name: 'pool', attributes: { kernel_shape: [3, 3], strides: [2, 2] } });
  size = Math.floor((size - 3) / 2) + 1;
  let channels = 32;

  for (const [name, down] of BLOCKS) {
    const [a, aSize] = conv(x, size, `${name}/conv1`, down ? 2 : 1, true);
    let [branch] = conv(a, aSize, `${name}/conv2`, 1, false);
    let shortcut = x;
    let outSize = size;
    if (down) {
      [shortcut] = g.addNode('AveragePool', [x], { name: `${name}/avgpool`, attributes: { kernel_shape: [2, 2], strides: [2, 2] } });
      outSize = Math.floor(size / 2);
      const width = get(`${name}/conv2/conv/filters`).shape[3];
      if (width !== channels) {
        [shortcut] = g.addNode('Pad', [shortcut, int64(`${name}/chanpad`, [0, 0, 0, 0, 0, width - channels, 0, 0])], { name: `${name}/chanpad` });
        channels = width;
      }
      const short = outSize - aSize;
      if (short > 0) {
        [branch] = g.addNode('Pad', [branch, int64(`${name}/sizepad`, [0, 0, 0, 0, 0, 0, short, short])], { name: `${name}/sizepad` });
      }
    }
    const [sum] = g.addNode('Add', [branch, shortcut], { name: `${name}/add` });
    [x] = g.addNode('Relu', [sum], { name: `${name}/out` });
    size = outSize;
  }

  const [pooled] = g.addNode('ReduceMean', [x], { name: 'global_mean', attributes: { axes: [2, 3], keepdims: 0 } });
  const fc = g.addInitializer('fc', get('fc'));
  g.addNode('MatMul', [pooled, fc], { name: 'fc', outputs: ['descriptor'] });
  g.addOutput('descriptor', 'float32', ['N', 128]);
  return g.serialize({
    producerName: 'facelab/models/builders/faceapi-resnet34',
    docString: 'face-api.js face_recognition_model (dlib ResNet-34 descriptor), rebuilt from its tfjs-layers weights',
  });
}
