/**
 * Where the detect unit's time goes on each face-api demo photo resized
 * so its longest side is 1920 px (or the sides given), and on the bench's
 * one-face photo (a crop of sample1 around its first face, 1920 px wide),
 * default options unless given, one ONNX Runtime thread:
 * decodes, each model's runs (count x batch), and the JavaScript rest
 * (warps into the inputs, decoding of outputs, fusion). Medians of 7 runs
 * after a warm-up, wall ms per part (one thread: equals CPU on a quiet
 * machine) and the process CPU per request.
 *
 *   npx tsx --conditions=source apps/eval/scripts/detector-profile.ts ['{options}'] [side ...]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type ImageCodec, type InferenceBackend } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit, type FaceDetectorOptions } from '../../../plugins/face-detector/src/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as FaceDetectorOptions;
const sides = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1920];
const demo = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
let parts = new Map<string, number>();
let calls = new Map<string, string[]>();
const add = (key: string, ms: number, note?: string) => {
  parts.set(key, (parts.get(key) ?? 0) + ms);
  if (note) calls.set(key, [...(calls.get(key) ?? []), note]);
};
const ort = createOrtBackend({ threads: 1 });
const inference: InferenceBackend = {
  entry: (id) => ort.entry(id),
  async load(id) {
    const s = await ort.load(id);
    return {
      ...s,
      id: s.id,
      inputNames: s.inputNames,
      outputNames: s.outputNames,
      dispose: () => s.dispose(),
      async run(feeds, outputs) {
        const t = performance.now();
        const r = await s.run(feeds, outputs);
        add(id, performance.now() - t, String(Object.values(feeds)[0].dims[0]));
        return r;
      },
    };
  },
};
const sharpCodec = createSharpCodec();
const codec: ImageCodec = {
  ...sharpCodec,
  async decode(bytes, opts) {
    const t = performance.now();
    const r = await sharpCodec.decode(bytes, opts);
    add('decode', performance.now() - t, String(opts?.maxSide ?? 'full'));
    return r;
  },
};
const unit = await detectUnit(options).setup({ inference, logger: silentLogger });
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const names = ['decode', 'blazeface-back', 'fr-detect', 'facemesh'];
const totals: number[] = [];
const photos: [string, Buffer][] = [];
for (const side of sides) {
  for (let i = 1; i <= 6; i++) photos.push([`s${i}@${side}`, await sharp(readFileSync(join(demo, `sample${i}.jpg`))).resize({ width: side, height: side, fit: 'inside' }).jpeg({ quality: 90 }).toBuffer()]);
}
photos.push(['one-face@1920', await sharp(join(demo, 'sample1.jpg')).extract({ left: 200, top: 250, width: 700, height: 467 }).resize(1920).jpeg({ quality: 90 }).toBuffer()]);
for (const [name, bytes] of photos) {
  const once = () => unit.run({ image: ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['body', 'image']), objects: [], params: {} });
  await once();
  const rows: Record<string, number[]> = { total: [], cpu: [], js: [] };
  let faces = 0;
  for (let k = 0; k < 7; k++) {
    parts = new Map();
    calls = new Map();
    const u = process.cpuUsage();
    const t = performance.now();
    faces = (await once()).objects.length;
    const wall = performance.now() - t;
    const d = process.cpuUsage(u);
    rows.total.push(wall);
    rows.cpu.push((d.user + d.system) / 1000);
    let known = 0;
    for (const n of names) {
      (rows[n] ??= []).push(parts.get(n) ?? 0);
      known += parts.get(n) ?? 0;
    }
    rows.js.push(wall - known);
  }
  const runs = names.map((n) => `${n} ${med(rows[n]).toFixed(1)} [${(calls.get(n) ?? []).join(',')}]`).join(' | ');
  if (name.startsWith('s')) totals.push(med(rows.cpu));
  console.log(`${name} faces ${faces}: cpu ${med(rows.cpu).toFixed(1)} wall ${med(rows.total).toFixed(1)} | ${runs} | js ${med(rows.js).toFixed(1)}`);
}
console.log(`demo photos: median cpu ${med(totals).toFixed(1)}, mean ${(totals.reduce((a, b) => a + b, 0) / totals.length).toFixed(1)}`);
