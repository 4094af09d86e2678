/**
 * Features of other networks already built in models/build, and image
 * statistics, per cached row (issue 14 exploration; nothing here is
 * served). Each is measured on the detector box the row already holds:
 *
 * - `faceres`: faceres's 1024 pooled features (`global_pooling/Mean`, the
 *   age/gender net's descriptor), square crop 1.3x the box, 224x224 BGR
 *   minus the VGGFace means (as the age unit feeds it).
 * - `expr`: fr-expression-embed's 1024 pooled features (`1160`), square
 *   1.3x, 224x224 RGB / 255.
 * - `template`: fr-feature's 512-d MobileFaceNet template, square 1.0x the
 *   box (not aligned to landmarks: a liveness cue, not identity),
 *   112x112 BGR (x - 127.5) / 128.
 * - `dtn`: dtn-antispoof's inner feature maps at 1.0x the box, with the
 *   four level-2 tree nodes' last conv unit (`cru_3`..`cru_6`,
 *   32x64x64 each) and the shared trunk (`cru_2`, 32x128x128) added as
 *   outputs by models/onnx-outputs.ts in memory: per channel the spatial
 *   mean and standard deviation (320 values).
 * - `stats`: explore-stats.ts.
 *
 * Cached beside the other row caches (FACELAB_CACHE_DIR), keyed like them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { boxToAffine, DEFAULT_IMAGE_LIMITS, ImageSource, warpToTensor, type BBox, type ImageCodec, type RawImage, type TensorLayout } from '@facelab/core';
import { ModelStore } from '@facelab/runtime';
import { addFloatOutput } from '../../../models/onnx-outputs.ts';
import { boxPixels, spoofSquare } from '../src/spoof-crop.ts';
import { imageStats } from './explore-stats.ts';
import type { Row } from './extract.ts';

export interface ExploreFeatures {
  faceres: number[];
  expr: number[];
  template: number[];
  dtn: number[];
  stats: number[];
}

/** `pictureSize`: the picture's width and height in pixels (from the data set's manifest). */
export type ExploreRow = Row & { explore: ExploreFeatures; pictureSize?: [number, number] };

interface Net {
  id: string;
  input: string;
  outputs: string[];
  tensor: TensorLayout;
  dims: number[];
  scale: number;
}

const layout = (size: number, l: 'nhwc' | 'nchw', channels: 'rgb' | 'bgr', mean: number[], std: number[]): TensorLayout => ({ width: size, height: size, layout: l, channels, mean, std });

const NETS = {
  faceres: { id: 'faceres', input: 'input_1', outputs: ['global_pooling/Mean'], tensor: layout(224, 'nhwc', 'bgr', [103.939, 116.779, 123.68], [1, 1, 1]), dims: [1, 224, 224, 3], scale: 1.3 },
  expr: { id: 'fr-expression-embed', input: 'input', outputs: ['1160'], tensor: layout(224, 'nchw', 'rgb', [0, 0, 0], [255, 255, 255]), dims: [1, 3, 224, 224], scale: 1.3 },
  template: { id: 'fr-feature', input: 'input', outputs: ['output'], tensor: layout(112, 'nchw', 'bgr', [127.5, 127.5, 127.5], [128, 128, 128]), dims: [1, 3, 112, 112], scale: 1.0 },
  dtn: {
    id: 'dtn-antispoof',
    input: 'input',
    outputs: ['cru_2', 'cru_3', 'cru_4', 'cru_5', 'cru_6'].map((n) => `StatefulPartitionedCall/${n}/LeakyRelu_3`),
    tensor: layout(256, 'nchw', 'rgb', [0, 0, 0], [255, 255, 255]),
    dims: [1, 3, 256, 256],
    scale: 1.0,
  },
} satisfies Record<Exclude<keyof ExploreFeatures, 'stats'>, Net>;

const VERSION = 1;
const round = (values: ArrayLike<number>): number[] => Array.from(values, (v) => Math.round(v * 1e4) / 1e4);

async function session(store: ModelStore, net: Net, extraOutputs: boolean): Promise<ort.InferenceSession> {
  let bytes = store.read(net.id);
  if (extraOutputs) for (const o of net.outputs) bytes = addFloatOutput(bytes, o);
  return ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

async function run(s: ort.InferenceSession, net: Net, picture: RawImage, bbox: BBox): Promise<ort.InferenceSession.OnnxValueMapType> {
  const crop = spoofSquare(boxPixels(bbox, picture.width, picture.height), picture.width, picture.height, net.scale);
  const input = new Float32Array(net.dims.reduce((a, b) => a * b));
  warpToTensor(picture, boxToAffine(crop.x, crop.y, crop.w, crop.h, net.tensor.width, net.tensor.height), net.tensor, input);
  return s.run({ [net.input]: new ort.Tensor('float32', input, net.dims) }, net.outputs);
}

/** Per channel of an NCHW map: spatial mean, then spatial standard deviation. */
function poolMeanStd(t: ort.Tensor): number[] {
  const [, c, h, w] = t.dims as number[];
  const data = t.data as Float32Array;
  const means: number[] = [];
  const stds: number[] = [];
  for (let k = 0; k < c; k++) {
    let s = 0;
    let s2 = 0;
    for (let i = k * h * w; i < (k + 1) * h * w; i++) {
      s += data[i];
      s2 += data[i] * data[i];
    }
    const m = s / (h * w);
    means.push(m);
    stds.push(Math.sqrt(Math.max(0, s2 / (h * w) - m * m)));
  }
  return [...means, ...stds];
}

export function explorePath(rowsCachePath: string): string {
  return rowsCachePath.replace(/liveness-(\w+)-/, 'liveness-explore-$1-');
}

export async function withExplore<R extends Row>(dir: string, rows: readonly R[], codec: ImageCodec, rowsCachePath: string, log: (m: string) => void): Promise<(R & { explore: ExploreFeatures })[]> {
  const path = explorePath(rowsCachePath);
  let cache: { version: number; rows: Record<string, ExploreFeatures> } = { version: VERSION, rows: {} };
  if (existsSync(path)) {
    const read = JSON.parse(readFileSync(path, 'utf8'));
    if (read.version === VERSION) cache = read;
  }
  const todo = rows.filter((r) => !cache.rows[r.file]);
  if (todo.length > 0) {
    const store = new ModelStore();
    const sessions = {
      faceres: await session(store, NETS.faceres, false),
      expr: await session(store, NETS.expr, false),
      template: await session(store, NETS.template, false),
      dtn: await session(store, NETS.dtn, true),
    };
    const began = performance.now();
    for (const [n, row] of todo.entries()) {
      const picture = await ImageSource.open(readFileSync(join(dir, row.file)), codec, DEFAULT_IMAGE_LIMITS, ['image']).full();
      const first = async (k: 'faceres' | 'expr' | 'template'): Promise<number[]> => round((await run(sessions[k], NETS[k], picture, row.bbox))[NETS[k].outputs[0]].data as Float32Array);
      const dtnOut = await run(sessions.dtn, NETS.dtn, picture, row.bbox);
      cache.rows[row.file] = {
        faceres: await first('faceres'),
        expr: await first('expr'),
        template: await first('template'),
        dtn: round(NETS.dtn.outputs.flatMap((o) => poolMeanStd(dtnOut[o]))),
        stats: round(imageStats(picture, row.bbox)),
      };
      if ((n + 1) % 200 === 0 || n + 1 === todo.length) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, JSON.stringify(cache));
        log(`  explore features: ${n + 1}/${todo.length}, ${((performance.now() - began) / (n + 1)).toFixed(0)} ms each`);
      }
    }
  }
  return rows.map((r) => ({ ...r, explore: cache.rows[r.file] }));
}
