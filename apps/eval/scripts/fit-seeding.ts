/**
 * How the fitter's first mesh crop is seeded from the reported box, and
 * what it does to the alignment points and the templates (issue 16: the
 * detector's box changed to the manual-annotation convention, the fitter
 * kept framing its first crop as 1.5 x that box, and the five alignment
 * points moved):
 *
 *   npx tsx --conditions=source apps/eval/scripts/fit-seeding.ts embed cal /tmp/i16d-seed-cal.json [stride]
 *   npx tsx --conditions=source apps/eval/scripts/fit-seeding.ts embed dev /tmp/i16d-seed-dev.json
 *
 * Each photo is detected once (the face nearest the centre kept), then
 * fitted with every seeding below; per seeding the five alignment points
 * (normalised) and the MobileFaceNet descriptors (crop + mirror) at zoom
 * 1 are stored, and for the seedings in EXTRA also zooms 0.95 / 1.05 and
 * the ResNet-34's (crop + mirror), so fusions and zooms can be scored on
 * the same faces. `fit-seeding-figures.ts` reads the output.
 *
 * `cal`: verify-matcher's calibration photos (../shared/train, not eval).
 * `dev`: the dev LFW photos (measuring only).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type BBox, type Point, type SampleObject } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit } from '@facelab/face-detector';
import { cropFromBox, type FaceCrop } from '../../../plugins/face-fitter/src/crop.ts';
import { createMeshRunner, fitMeshes } from '../../../plugins/face-fitter/src/mesh-runner.ts';
import { FACEMESH } from '../../../plugins/face-fitter/src/models.ts';
import { meshPoints } from '../../../plugins/face-fitter/src/points.ts';
import { FACEAPI_RESNET34, MOBILEFACENET, type DescriptorModel } from '../../../plugins/template-extractor/src/models.ts';
import { describe } from '../../../plugins/template-extractor/src/extract.ts';
import { chipBatch } from '../../../plugins/template-extractor/src/preprocess.ts';
import { calibrationPhotos, photoBytes } from '../../../plugins/verify-matcher/scripts/calibrate.ts';
import { createEvalContext } from '../src/context.ts';

/** BlazeFace's box change into the reported convention before (previous release) and now (face-detector models.ts). */
const OLD = { dx: 0, dy: -0.045, width: 0.94, height: 1.08 };
const NOW = { dx: -0.0015, dy: 0.0365, width: 1.033, height: 1.143 };

/** A first crop from the reported box mapped back into BlazeFace's own box, then changed by `into` (null: the raw BlazeFace box, as MediaPipe seeds). */
function seedVia(into: typeof OLD | null) {
  return (box: BBox, width: number, height: number, eyes?: [Point, Point]): FaceCrop => {
    const w = ((box[2] - box[0]) * width) / NOW.width;
    const h = ((box[3] - box[1]) * height) / NOW.height;
    const cx = ((box[0] + box[2]) / 2) * width - NOW.dx * w;
    const cy = ((box[1] + box[3]) / 2) * height - NOW.dy * h;
    const a = into ?? { dx: 0, dy: 0, width: 1, height: 1 };
    const x1 = (cx + a.dx * w - (w * a.width) / 2) / width;
    const x2 = (cx + a.dx * w + (w * a.width) / 2) / width;
    const y1 = (cy + a.dy * h - (h * a.height) / 2) / height;
    const y2 = (cy + a.dy * h + (h * a.height) / 2) / height;
    return cropFromBox([x1, y1, x2, y2], width, height, eyes);
  };
}

type Seeder = (box: BBox, width: number, height: number, eyes?: [Point, Point]) => FaceCrop;
const SEEDINGS: Record<string, { seed: Seeder; passes: number }> = {
  box: { seed: cropFromBox, passes: 2 },
  old: { seed: seedVia(OLD), passes: 2 },
  blaze: { seed: seedVia(null), passes: 2 },
  box3: { seed: cropFromBox, passes: 3 },
  ref: { seed: cropFromBox, passes: 6 },
};
/** Seedings whose zooms and ResNet-34 descriptors are stored too. */
const EXTRA = new Set(['box', 'old']);
const FIVE = ['left_eye', 'right_eye', 'nose', 'mouth_left', 'mouth_right'] as const;

const centre = (b: BBox): number => Math.hypot((b[0] + b[2]) / 2 - 0.5, (b[1] + b[3]) / 2 - 0.5);
const round = (v: ArrayLike<number>): number[] => Array.from(v, (x) => Math.round(x * 1e5) / 1e5);

async function embed(which: string, out: string, stride: number): Promise<void> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const photos: { file: string; subject: string | null; bytes: () => Promise<Buffer> }[] = [];
  if (which === 'dev') {
    const ctx = createEvalContext(root);
    const set = ctx.manifest.categories.verification as { images: { file: string; identity: string }[] };
    for (const i of set.images) photos.push({ file: i.file, subject: i.identity, bytes: async () => ctx.read(i.file) });
  } else {
    for (const p of calibrationPhotos()) photos.push({ file: p.file, subject: p.subject, bytes: () => photoBytes(p) });
  }
  const inference = createOrtBackend();
  const codec = createSharpCodec();
  const detect = await detectUnit().setup({ inference, logger: silentLogger });
  const runMesh = createMeshRunner(await inference.load(FACEMESH.id), FACEMESH);
  const mfn = await inference.load(MOBILEFACENET.id);
  const r34 = await inference.load(FACEAPI_RESNET34.id);
  const zoomed: DescriptorModel = { ...MOBILEFACENET, zooms: [0.95, 1.05] };
  const result: any[] = [];
  for (const [n, p] of photos.entries()) {
    if (n % stride !== 0) continue;
    if (n % 200 === 0) console.log(`${which} ${n}/${photos.length}`);
    const image = ImageSource.open(await p.bytes(), codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']);
    const found = (await detect.run({ image, objects: [], params: {} })).objects.filter((o) => o.bbox);
    const face = found.sort((a, b) => centre(a.bbox!) - centre(b.bbox!))[0];
    if (!face) {
      result.push({ file: p.file, subject: p.subject, v: null });
      continue;
    }
    const picture = await image.forFaces([face.bbox!], 1.5, FACEMESH.size);
    const k = face.hints?.detectorKeypoints as Point[] | undefined;
    const eyes: [Point, Point] | undefined = k && k.length >= 2 ? [k[0], k[1]] : undefined;
    const chips = await image.forFaces([face.bbox!], 1.6, MOBILEFACENET.tensor.width);
    const v: Record<string, any> = {};
    for (const [name, { seed, passes }] of Object.entries(SEEDINGS)) {
      const first = seed(face.bbox!, picture.width, picture.height, eyes);
      const { meshes, scores } = await fitMeshes(runMesh, picture, [first], true, passes);
      const object: SampleObject = { ...face, landmarks: { fitterType: 'x', points: meshPoints(meshes[0], picture.width, picture.height) } };
      const pts = FIVE.flatMap((q) => object.landmarks!.points[q]!);
      const faces = [{ object, index: 0 }];
      const d = await describe(mfn, MOBILEFACENET, chipBatch(chips, faces, MOBILEFACENET));
      const entry: Record<string, number[] | number> = { pts: round(pts), score: scores[0], mfn: round(d) };
      if (EXTRA.has(name)) {
        entry.zooms = round(await describe(mfn, zoomed, chipBatch(chips, faces, zoomed)));
        const full = await image.forFaces([face.bbox!], 1.6, FACEAPI_RESNET34.tensor.width);
        entry.r34 = round(await describe(r34, FACEAPI_RESNET34, chipBatch(full, faces, FACEAPI_RESNET34)));
      }
      v[name] = entry;
    }
    result.push({ file: p.file, subject: p.subject, bbox: round(face.bbox!), v });
  }
  writeFileSync(out, JSON.stringify(result));
  console.log(`${result.filter((r) => r.v).length}/${result.length} photos with a face -> ${out}`);
}

const [command, which, out, stride] = process.argv.slice(2);
if (command === 'embed' && (which === 'dev' || which === 'cal') && out) await embed(which, out, Number(stride ?? 1));
else throw new Error('usage: fit-seeding.ts embed dev|cal <out.json> [stride]');
