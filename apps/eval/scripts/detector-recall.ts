/**
 * The face suite's box counts for the detector unit alone, in process,
 * without the HTTP round trip, the threshold-0.2 curve or the fitter, so
 * that detector options can be compared quickly:
 *
 *   npx tsx --conditions=source apps/eval/scripts/detector-recall.ts '{"tiles":"always"}' [mosaics|dev|demo ...]
 *
 * mosaics (not eval data, manual boxes) and demo (face-api demo photos:
 * the face count and time only) are where options are chosen; dev is
 * measured. Prints recall at IoU 0.5 and 0.3, masked / unmasked, precision
 * on completely annotated pictures and the median detect time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit, type FaceDetectorOptions } from '../../../plugins/face-detector/src/index.ts';
import { createEvalContext } from '../src/context.ts';
import { mosaicScenes } from '../src/face-mosaics.ts';
import { countBoxes } from '../src/suites/faces.ts';

type Box = [number, number, number, number];
interface Item { file: string; bytes: Buffer; boxes: Box[]; box_labels?: string[]; box_style?: string; annotation_complete?: boolean; width: number; height: number }

const [optionsJson = '{}', ...sets] = process.argv.slice(2);
const options = JSON.parse(optionsJson) as FaceDetectorOptions;
const root = join(import.meta.dirname, '..', '..', '..');
const unit = await detectUnit(options).setup({ inference: createOrtBackend(), logger: silentLogger });
const codec = createSharpCodec();

async function items(set: string): Promise<Item[]> {
  if (set === 'mosaics') return (await mosaicScenes(join(root, '..', '..', 'shared', 'train', 'mask'))).map((s, i) => ({ ...s, file: `mosaic${i}`, box_style: 'andrewmvd' }));
  if (set === 'demo') {
    const demo = join(root, 'node_modules', '@vladmandic', 'face-api', 'demo');
    return [1, 2, 3, 4, 5, 6].map((n) => ({ file: `sample${n}`, bytes: readFileSync(join(demo, `sample${n}.jpg`)), boxes: [], width: 0, height: 0 }));
  }
  const ctx = createEvalContext(root);
  return (ctx.manifest.categories.face_boxes as Omit<Item, 'bytes'>[]).map((i) => ({ ...i, bytes: ctx.read(i.file) }));
}

for (const set of sets.length > 0 ? sets : ['mosaics', 'dev']) {
  const list = await items(set);
  const found: { box: Box; score: number }[][] = [];
  const ms: number[] = [];
  for (const item of list) {
    const image = ImageSource.open(item.bytes, codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
    const began = performance.now();
    const { objects } = await unit.run({ image, objects: [], params: {} });
    ms.push(performance.now() - began);
    found.push(objects.map((o) => ({ box: [o.bbox![0] * image.width, o.bbox![1] * image.height, o.bbox![2] * image.width, o.bbox![3] * image.height], score: o.confidence ?? 0 })));
  }
  // DETECTOR_RECALL_OUT=/tmp/x: each set's served boxes (pixels) per picture, for comparing options face by face.
  if (process.env.DETECTOR_RECALL_OUT) writeFileSync(`${process.env.DETECTOR_RECALL_OUT}-${set}.json`, JSON.stringify(list.map((item, k) => ({ file: item.file, boxes: item.boxes, served: found[k] }))));
  const median = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
  if (set === 'demo') {
    console.log(`${set}: faces ${found.map((f) => f.length).join(' ')}; detect ms median ${median.toFixed(1)}`);
    continue;
  }
  const a = countBoxes(list, found, 0.5);
  const b = countBoxes(list, found, 0.3);
  const r = (x: [number, number]) => (x[0] / x[1]).toFixed(3);
  console.log(
    `${set}: recall ${(a.tp / (a.tp + a.fn)).toFixed(3)} (masked ${r(a.masked)}, unmasked ${r(a.unmasked)}) | IoU 0.3 ${(b.tp / (b.tp + b.fn)).toFixed(3)} (masked ${r(b.masked)}); ` +
      `precision complete ${(a.tpComplete / Math.max(1, a.tpComplete + a.fpComplete)).toFixed(3)} (${a.fpComplete} false), all ${(a.tp / Math.max(1, a.tp + a.fp)).toFixed(3)}; detect ms median ${median.toFixed(1)}`,
  );
}
