/**
 * Test harness: real face crops and frames from the face-api demo photos,
 * decoded with sharp and laid out as a recipe's tensor facts say (channel
 * order, gray, mean/std, NHWC/NCHW). Test-only; not exported by the package.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Array32 } from './reference.js';

/** Repository root. */
export const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

const SAMPLES = join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');

/** How a model's input is filled (the `tensor` facts of a recipe). */
export interface TensorLayoutFacts {
  readonly width: number;
  readonly height: number;
  readonly layout: 'nhwc' | 'nchw';
  readonly channels: 'rgb' | 'bgr' | 'gray';
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly dtype?: 'float32' | 'int32';
}

/** A face in a demo photo: file and box (x, y, w, h in pixels). */
export interface FaceFixture {
  readonly file: string;
  readonly box: readonly [number, number, number, number];
}

/** One face per demo photo, boxes from blazeface-back run on the letterboxed photo (score >= 0.85). */
export const FACES: readonly FaceFixture[] = [
  { file: 'sample1.jpg', box: [417, 405, 200, 200] },
  { file: 'sample3.jpg', box: [590, 386, 203, 203] },
  { file: 'sample6.jpg', box: [1140, 350, 239, 239] },
  { file: 'sample5.jpg', box: [578, 460, 187, 187] },
  { file: 'sample4.jpg', box: [975, 230, 199, 199] },
  { file: 'sample2.jpg', box: [1448, 189, 203, 203] },
];

async function rgbPixels(image: ReturnType<typeof sharp>, width: number, height: number): Promise<Uint8Array> {
  const { data } = await image.removeAlpha().resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** Lays out RGB pixels (HWC, 0..255) as one item of the tensor `facts` describe. */
export function layOut(rgb: Uint8Array, facts: TensorLayoutFacts): Float32Array {
  const { width: w, height: h } = facts;
  const plane = w * h;
  const channels = facts.channels === 'gray' ? 1 : 3;
  const out = new Float32Array(plane * channels);
  const order = facts.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let p = 0; p < plane; p++) {
    const r = rgb[p * 3]!;
    const g = rgb[p * 3 + 1]!;
    const b = rgb[p * 3 + 2]!;
    for (let c = 0; c < channels; c++) {
      const pixel = channels === 1 ? 0.2989 * r + 0.587 * g + 0.114 * b : rgb[p * 3 + order[c]!]!;
      const value = (pixel - facts.mean[c]!) / facts.std[c]!;
      out[facts.layout === 'nchw' ? c * plane + p : p * channels + c] = value;
    }
  }
  return out;
}

function stack(items: readonly Float32Array[], facts: TensorLayoutFacts): Array32 {
  const channels = facts.channels === 'gray' ? 1 : 3;
  const size = items[0]!.length;
  const data = new Float32Array(size * items.length);
  items.forEach((item, i) => data.set(item, i * size));
  const shape = facts.layout === 'nchw' ? [items.length, channels, facts.height, facts.width] : [items.length, facts.height, facts.width, channels];
  return { data: facts.dtype === 'int32' ? Int32Array.from(data, Math.round) : data, shape };
}

/** Square crops of `scale` x each face box (clamped to the photo), as one batch. */
export async function faceBatch(faces: readonly FaceFixture[], facts: TensorLayoutFacts, scale = 1.4): Promise<Array32> {
  const items = await Promise.all(
    faces.map(async (f) => {
      const image = sharp(join(SAMPLES, f.file));
      const { width = 0, height = 0 } = await image.metadata();
      const [x, y, w, h] = f.box;
      const side = Math.round(Math.max(w, h) * scale);
      const left = Math.max(0, Math.min(width - side, Math.round(x + w / 2 - side / 2)));
      const top = Math.max(0, Math.min(height - side, Math.round(y + h / 2 - side / 2)));
      const crop = image.extract({ left, top, width: Math.min(side, width), height: Math.min(side, height) });
      return layOut(await rgbPixels(crop, facts.width, facts.height), facts);
    }),
  );
  return stack(items, facts);
}

/** Whole demo photos resized to the model input, as one batch. */
export async function frameBatch(files: readonly string[], facts: TensorLayoutFacts): Promise<Array32> {
  const items = await Promise.all(files.map(async (file) => layOut(await rgbPixels(sharp(join(SAMPLES, file)), facts.width, facts.height), facts)));
  return stack(items, facts);
}

/** Item `i` of a batch, with batch dim 1. */
export function item(batch: Array32, i: number): Array32 {
  const size = batch.data.length / batch.shape[0]!;
  const data = batch.data.slice(i * size, (i + 1) * size);
  return { data, shape: [1, ...batch.shape.slice(1)] };
}
