/**
 * P(male) of faceres (its own output) and of face-api's age/gender net on
 * the same located faces, cached so that each source and their average can
 * be scored from one pass (the units' own framer, runners and crops):
 *
 *   npx tsx --conditions=source apps/eval/scripts/gender-sources.ts cache /tmp/i15g-gender.json 2
 *   npx tsx --conditions=source apps/eval/scripts/gender-sources.ts figures /tmp/i15g-gender.json
 *
 * `cache` (every k-th picture / person, as FACELAB_EVAL_EVERY) stores, for
 * dev UTKFace, each box variant of the attributes eval (the detector's
 * most confident face box, the whole crop, x0.8, x1.3, shifted 10 %), and
 * for LFW people with two or more pictures (no labels) the detector's box,
 * both P(male) (also averaged with the mirror image) and the models' time
 * per face. `figures` prints accuracy
 * per variant (worst beside best) and the LFW agreement with each person's
 * majority for faceres at 0.6, face-api at 0.5 and their mean at 0.55 (the
 * midpoint of the two upstream rules; no threshold is fitted here).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createImageApi, DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type SampleObject } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { createFaceFramer } from '@facelab/face-fitter';
import { createFaceresRunner } from '@facelab/age-estimator';
import { createFaceapiRunner } from '../../../plugins/gender-estimator/src/faceapi-runner.ts';
import { variantBox } from '../src/suites/attributes.ts';

const VARIANTS = ['detector', 'whole', 'scale0.8', 'scale1.3', 'shift0.1'] as const;
type Box = [number, number, number, number];

interface Row {
  set: 'utk' | 'lfw';
  file: string;
  variant: string;
  /** UTKFace label, or the LFW identity. */
  label: string;
  faceres: number;
  faceapi: number;
  /** face-api averaged with its mirror image. */
  faceapiFlip: number;
  faceresFlip: number;
  /** face-api's age and the UTKFace label (LFW: NaN). */
  faceapiAge: number;
  age: number;
  faceresMs: number;
  faceapiMs: number;
}

const devDir = resolve(process.env.FACELAB_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval', 'dev'));

async function cache(out: string, every: number): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(devDir, 'manifest.json'), 'utf8'));
  const inference = createOrtBackend({ threads: 2 });
  const codec = createSharpCodec();
  const app = await createImageApi({ plugins: [faceDetector()], inference, imageCodec: codec, logger: silentLogger });
  const framer = await createFaceFramer(inference);
  const faceres = await createFaceresRunner(inference, { flip: false, ageRule: 'expected', heads: false });
  const faceapi = await createFaceapiRunner(inference);
  const faceapiFlip = await createFaceapiRunner(inference, true);
  const faceresFlip = await createFaceresRunner(inference, { flip: true, ageRule: 'expected', heads: false });

  const detect = async (bytes: Buffer): Promise<Box | undefined> => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'face.jpg');
    const json: any = await (await app.request('/face-detector/v2/process/image', { method: 'POST', body: form })).json();
    const faces = (json.objects ?? []).filter((o: any) => o.class === 'face').sort((a: any, b: any) => (b.confidence ?? 0) - (a.confidence ?? 0));
    return faces[0]?.bbox;
  };
  const score = async (bytes: Buffer, bbox: Box): Promise<Omit<Row, 'set' | 'file' | 'variant' | 'label' | 'age'>> => {
    const image = ImageSource.open(new Uint8Array(bytes), codec, DEFAULT_IMAGE_LIMITS, ['image']);
    const objects: SampleObject[] = [{ id: 0, class: 'face', bbox }];
    const { frames } = await framer.frames(image, objects);
    let t = performance.now();
    const a = await faceres.estimate(image, frames);
    const faceresMs = performance.now() - t;
    t = performance.now();
    const b = await faceapi.estimate(image, frames);
    const faceapiMs = performance.now() - t;
    const c = await faceapiFlip.estimate(image, frames);
    const d = await faceresFlip.estimate(image, frames);
    return { faceapiFlip: c.estimates[0].male, faceresFlip: d.estimates[0].male, faceres: a.estimates[0].male, faceapi: b.estimates[0].male, faceapiAge: b.estimates[0].age, faceresMs, faceapiMs };
  };

  const rows: Row[] = [];
  const utk = (manifest.categories.age_gender as { file: string; gender: string; age: number }[]).filter((_, i) => i % every === 0);
  for (const item of utk) {
    const bytes = readFileSync(join(devDir, item.file));
    const detected = (await detect(bytes)) ?? [0, 0, 1, 1];
    for (const variant of VARIANTS) rows.push({ set: 'utk', file: item.file, variant, label: item.gender, age: item.age, ...(await score(bytes, variantBox(variant, detected))) });
  }
  console.log(`UTKFace: ${utk.length} pictures x ${VARIANTS.length} boxes`);
  const images = (manifest.categories.verification as { images: { file: string; identity: string }[] }).images;
  const byPerson = new Map<string, string[]>();
  for (const im of images) byPerson.set(im.identity, [...(byPerson.get(im.identity) ?? []), im.file]);
  const people = [...byPerson.entries()].filter(([, files]) => files.length >= 2).filter((_, i) => i % every === 0);
  for (const [identity, files] of people) {
    for (const file of files) {
      const bytes = readFileSync(join(devDir, file));
      const detected = await detect(bytes);
      if (detected) rows.push({ set: 'lfw', file, variant: 'detector', label: identity, age: Number.NaN, ...(await score(bytes, detected)) });
    }
  }
  console.log(`LFW: ${people.length} people`);
  writeFileSync(out, JSON.stringify(rows));
}

const SOURCES: Record<string, { p: (r: Row) => number; threshold: number }> = {
  'faceres (0.6)': { p: (r) => r.faceres, threshold: 0.6 },
  'face-api (0.5)': { p: (r) => r.faceapi, threshold: 0.5 },
  'mean of both (0.55)': { p: (r) => (r.faceres + r.faceapi) / 2, threshold: 0.55 },
  'faceres, mirror averaged (0.6)': { p: (r) => r.faceresFlip, threshold: 0.6 },
  'face-api, mirror averaged (0.5)': { p: (r) => r.faceapiFlip, threshold: 0.5 },
  'mean of both, mirror averaged (0.55)': { p: (r) => (r.faceresFlip + r.faceapiFlip) / 2, threshold: 0.55 },
};

function figures(file: string): void {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  for (const [name, { p, threshold }] of Object.entries(SOURCES)) {
    const gender = (r: Row): string => (p(r) >= threshold ? 'male' : 'female');
    const acc = VARIANTS.map((v) => {
      const rs = rows.filter((r) => r.set === 'utk' && r.variant === v);
      return { v, acc: rs.filter((r) => gender(r) === r.label).length / rs.length, n: rs.length };
    });
    const sorted = [...acc].sort((a, b) => a.acc - b.acc);
    const byPerson = new Map<string, string[]>();
    for (const r of rows.filter((x) => x.set === 'lfw')) byPerson.set(r.label, [...(byPerson.get(r.label) ?? []), gender(r)]);
    let agree = 0;
    let faces = 0;
    for (const gs of byPerson.values()) {
      const males = gs.filter((g) => g === 'male').length;
      agree += Math.max(males, gs.length - males);
      faces += gs.length;
    }
    console.log(`${name}: UTKFace ${acc.map((a) => `${a.v} ${pct(a.acc)}`).join(', ')} (${acc[0].n} faces); worst ${pct(sorted[0].acc)} (${sorted[0].v}), best ${pct(sorted[sorted.length - 1].acc)}; LFW majority agreement ${pct(agree / faces)} (${byPerson.size} people, ${faces} faces)`);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const maes = VARIANTS.map((v) => mean(rows.filter((r) => r.set === 'utk' && r.variant === v).map((r) => Math.abs(r.faceapiAge - r.age))));
  console.log(`face-api age MAE: ${VARIANTS.map((v, i) => `${v} ${maes[i].toFixed(2)} y`).join(', ')}; worst ${Math.max(...maes).toFixed(2)} y`);
  console.log(`model time per face (batch 1, crop included, wall on a shared machine): faceres ${mean(rows.map((r) => r.faceresMs)).toFixed(1)} ms, face-api ${mean(rows.map((r) => r.faceapiMs)).toFixed(1)} ms`);
}

const [mode, file, every] = process.argv.slice(2);
if (mode === 'cache' && file) await cache(file, Math.max(1, Number(every ?? 1)));
else if (mode === 'figures' && file) figures(file);
else {
  console.error('usage: gender-sources.ts cache OUT.json [every] | figures OUT.json');
  process.exit(2);
}
