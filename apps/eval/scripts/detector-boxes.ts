/**
 * Dumps what each detector sees, for fitting and checking the box
 * convention offline (no model runs per variant):
 *
 *   npx tsx --conditions=source apps/eval/scripts/detector-boxes.ts mosaics /tmp/i20r-boxes-mosaics.json
 *   npx tsx --conditions=source apps/eval/scripts/detector-boxes.ts demo /tmp/i20r-boxes-demo.json
 *   npx tsx --conditions=source apps/eval/scripts/detector-boxes.ts dev /tmp/i20r-boxes-dev.json
 *
 * `mosaics` (andrewmvd crops of ../shared/train/mask, manual boxes) and
 * `demo` (face-api demo photos, no boxes) are not eval data: fit there.
 * `dev` is for measuring only. Per picture: the annotated boxes (when
 * there are any), BlazeFace alone with every tile level (raw boxes, six
 * keypoints), RFB-320 on the whole view and its tiles (raw boxes), and the
 * served faces of the default detector; all in picture pixels.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type BBox } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit } from '../../../plugins/face-detector/src/index.ts';
import { BLAZEFACE_BACK, RFB_320, type BoxAdjust } from '../../../plugins/face-detector/src/models.ts';
import { DEFAULTS } from '../../../plugins/face-detector/src/options.ts';
import { secondLook } from '../../../plugins/face-detector/src/second-look.ts';
import { createEvalContext } from '../src/context.ts';
import { mosaicScenes } from '../src/face-mosaics.ts';

interface Picture { file: string; bytes: Buffer; boxes?: number[][]; labels?: string[]; style?: string }

/** The box an adjustBox(box, adjust) call came from. */
function unadjust(b: readonly number[], a: BoxAdjust): BBox {
  const w = (b[2] - b[0]) / a.width;
  const h = (b[3] - b[1]) / a.height;
  const cx = (b[0] + b[2]) / 2 - a.dx * w;
  const cy = (b[1] + b[3]) / 2 - a.dy * h;
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

const [which, out] = process.argv.slice(2);
const root = join(import.meta.dirname, '..', '..', '..');
const pictures: Picture[] = [];
if (which === 'mosaics') {
  const scenes = await mosaicScenes(join(root, '..', '..', 'shared', 'train', 'mask'));
  scenes.forEach((s, i) => pictures.push({ file: `mosaic${i}`, bytes: s.bytes, boxes: s.boxes, labels: s.box_labels, style: 'andrewmvd' }));
} else if (which === 'demo') {
  const demo = join(root, 'node_modules', '@vladmandic', 'face-api', 'demo');
  for (let n = 1; n <= 6; n++) pictures.push({ file: `sample${n}.jpg`, bytes: readFileSync(join(demo, `sample${n}.jpg`)) });
} else if (which === 'dev') {
  const ctx = createEvalContext(root);
  for (const i of ctx.manifest.categories.face_boxes as any[]) pictures.push({ file: i.file, bytes: ctx.read(i.file), boxes: i.boxes, labels: i.box_labels, style: i.box_style });
} else throw new Error('usage: detector-boxes.ts mosaics|demo|dev <out.json>');

const inference = createOrtBackend();
const ctx = { inference, logger: silentLogger };
const served = await detectUnit().setup(ctx);
const blazeAll = await detectUnit({ secondLook: false, tiles: 'always', verify: false }).setup(ctx);
const rfb = await inference.load(RFB_320.id);
const codec = createSharpCodec();
const result: any[] = [];
for (const p of pictures) {
  const open = () => ImageSource.open(p.bytes, codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
  const image = open();
  const { width: W, height: H } = image;
  const px = (b: readonly number[]) => [b[0] * W, b[1] * H, b[2] * W, b[3] * H];
  const blaze = (await blazeAll.run({ image: open(), objects: [], params: { face_threshold: '0.3' } })).objects.map((o) => ({
    box: px(unadjust(o.bbox!, BLAZEFACE_BACK.faceBox)),
    score: o.confidence,
    keypoints: (o.hints?.detectorKeypoints as number[][]).map(([x, y]) => [x * W, y * H]),
  }));
  const rfbBoxes = [];
  for (const [side, columns] of [[BLAZEFACE_BACK.size, 0], [DEFAULTS.secondLook ? DEFAULTS.secondLook.tileSide : 768, 2]]) {
    const copy = await open().scaled(side);
    for (const c of await secondLook(rfb, RFB_320, copy, columns, 0.5)) rfbBoxes.push({ box: px(unadjust(c.box, RFB_320.toBlazeFace)), score: c.score, tiles: columns > 0 });
  }
  const faces = (await served.run({ image: open(), objects: [], params: {} })).objects.map((o) => ({ box: px(o.bbox!), score: o.confidence, keypoints: !!o.hints?.detectorKeypoints }));
  result.push({ file: p.file, width: W, height: H, boxes: p.boxes, labels: p.labels, style: p.style, blaze, rfb: rfbBoxes, served: faces });
  process.stdout.write('.');
}
writeFileSync(out, JSON.stringify(result));
console.log(`\n${result.length} pictures -> ${out}`);
