/**
 * `npm run bench -- --profile`: one request's units taken apart, in
 * process, one ONNX Runtime thread (as each server worker runs): decoding
 * at the sizes the units ask for, each detector model run, the detect unit
 * with and without its second detector and mirrored look, then fit and
 * extract (also with its runs on two threads, parallelRuns), on a
 * 1920x1080 group photo and on the bench's one-face photo;
 * then beside Human, both from the JPEG: detect + fit + extract, and
 * age + gender + emotion in one request (the face located once, its mesh
 * shared through hints) and as the three services (each locating again).
 * Medians of repeated runs, in ms.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_IMAGE_LIMITS, float32Tensor, ImageSource, silentLogger, type SampleObject, type UnitInstance } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit, type FaceDetectorOptions } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { templateExtractor } from '@facelab/template-extractor';
import { allPlugins } from '@facelab/server';
import { createHuman } from './human.ts';
import { demoPhotoDir } from './photos.ts';
import { table } from './stats.ts';

const RUNS = 9;

/**
 * Median wall time and median CPU time of the process (every thread) per
 * run. On a busy shared machine wall time swells with the waiting; the CPU
 * time is the work done, and equals the wall time on an idle machine for
 * the single-threaded steps.
 */
async function median(run: () => Promise<unknown>): Promise<[number, number]> {
  await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    const used = process.cpuUsage();
    await run();
    const { user, system } = process.cpuUsage(used);
    wall.push(performance.now() - began);
    cpu.push((user + system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  return [mid(wall), mid(cpu)];
}

export async function profileRequest(): Promise<void> {
  const codec = createSharpCodec();
  const inference = createOrtBackend({ threads: Number(process.env.FACELAB_THREADS ?? 1) });
  const ctx = { inference, logger: silentLogger };
  const sample1 = join(demoPhotoDir(), 'sample1.jpg');
  const photos = {
    'group 1920x1080': await sharp(sample1).resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer(),
    'one face 1920': await sharp(sample1).extract({ left: 200, top: 250, width: 700, height: 467 }).resize(1920).jpeg({ quality: 90 }).toBuffer(),
  };
  const detectors: [string, FaceDetectorOptions][] = [
    ['detect (default)', {}],
    ['detect, no second detector', { secondLook: false }],
    ['detect, no mirror', { mirror: false }],
    ['detect, BlazeFace alone, no mirror', { secondLook: false, mirror: false }],
  ];
  const units: [string, UnitInstance][] = [];
  for (const [name, options] of detectors) units.push([name, await detectUnit(options).setup(ctx)]);
  const fit = await faceFitter().units.find((u) => u.name === 'fit')!.setup(ctx);
  const extract = await templateExtractor().units.find((u) => u.name === 'extract')!.setup(ctx);
  // As a server worker runs it when no other request is in: the crop and mirror runs on two threads.
  const parallel = { inference: createOrtBackend({ threads: Number(process.env.FACELAB_THREADS ?? 1), parallelRuns: true }), logger: silentLogger };
  const extractParallel = await templateExtractor().units.find((u) => u.name === 'extract')!.setup(parallel);
  const blazeface = await inference.load('blazeface-back');
  const rfb = await inference.load('fr-detect');
  const mesh = await inference.load('facemesh');
  const open = (bytes: Buffer) => ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['body']);
  const rows: (string | number)[][] = [];
  const row = (step: string, [wall, cpu]: [number, number]): (string | number)[] => [step, wall, cpu];
  rows.push(row('model: blazeface 256, batch 1', await median(() => blazeface.run({ input: float32Tensor(new Float32Array(256 * 256 * 3), [1, 256, 256, 3]) }))));
  rows.push(row('model: blazeface 256, batch 2', await median(() => blazeface.run({ input: float32Tensor(new Float32Array(2 * 256 * 256 * 3), [2, 256, 256, 3]) }))));
  rows.push(row('model: fr-detect 320x240', await median(() => rfb.run({ input: float32Tensor(new Float32Array(3 * 240 * 320), [1, 3, 240, 320]) }))));
  rows.push(row('model: facemesh 192, batch 1', await median(() => mesh.run({ input_1: float32Tensor(new Float32Array(192 * 192 * 3), [1, 192, 192, 3]) }))));
  for (const [label, bytes] of Object.entries(photos)) {
    for (const side of [0, 256, 320, 768]) {
      rows.push(row(`${label}: decode ${side ? `to ${side}` : 'full'}`, await median(() => (side ? open(bytes).scaled(side) : open(bytes).full()))));
    }
    let faces: SampleObject[] = [];
    for (const [name, unit] of units) {
      rows.push(row(`${label}: ${name}`, await median(async () => (faces = (await unit.run({ image: open(bytes), objects: [], params: {} })).objects))));
    }
    faces = (await units[0][1].run({ image: open(bytes), objects: [], params: {} })).objects;
    let fitted: SampleObject[] = [];
    rows.push(row(`${label}: fit (${faces.length} faces)`, await median(async () => (fitted = (await fit.run({ image: open(bytes), objects: faces, params: {} })).objects))));
    rows.push(row(`${label}: extract`, await median(() => extract.run({ image: open(bytes), objects: fitted, params: {} }))));
    rows.push(row(`${label}: extract, runs on two threads (parallelRuns)`, await median(() => extractParallel.run({ image: open(bytes), objects: fitted, params: {} }))));
  }
  // Side by side with Human on tfjs-wasm, in CPU time (what a busy machine does not swell): detection + landmarks + descriptor.
  const human = await createHuman('+descriptor,age,gender');
  for (const [label, bytes] of Object.entries(photos)) {
    const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixels = Int32Array.from(data);
    const humanTime = await median(async () => {
      const tensor = human.tf.tensor4d(pixels, [1, info.height, info.width, 3], 'int32');
      await human.detect(tensor);
      tensor.dispose();
    });
    const oursTime = await median(async () => {
      const image = open(bytes);
      const found = (await units[0][1].run({ image, objects: [], params: {} })).objects;
      const fitted = (await fit.run({ image, objects: found, params: {} })).objects;
      await extract.run({ image, objects: fitted, params: {} });
    });
    // Human on Node needs the whole picture decoded into a tensor; from the JPEG, as ours starts, that decode is part of its work.
    const humanJpegTime = await median(async () => {
      const decoded = await sharp(bytes).rotate().removeAlpha().raw().toBuffer();
      const tensor = human.tf.tensor4d(Int32Array.from(decoded), [1, info.height, info.width, 3], 'int32');
      await human.detect(tensor);
      tensor.dispose();
    });
    rows.push(row(`${label}: ours, decode + detect + fit + extract`, oursTime));
    rows.push(row(`${label}: Human, detect + mesh + descriptor (decoded tensor in)`, humanTime));
    rows.push(row(`${label}: Human, decode + detect + mesh + descriptor (JPEG in)`, humanJpegTime));
    rows.push([`${label}: Human / ours, tensor in`, humanTime[0] / oursTime[0], humanTime[1] / oursTime[1]]);
    rows.push([`${label}: Human / ours, JPEG in (like with like)`, humanJpegTime[0] / oursTime[0], humanJpegTime[1] / oursTime[1]]);
  }
  // Age + gender + emotion: one request whose units share what the first located (the mesh in hints),
  // against the three services a client calls today (each detects and locates again), and Human.
  const unitsByName = new Map(allPlugins().flatMap((p) => p.units.map((u) => [u.name, u] as const)));
  const attributes = await Promise.all(['age', 'gender', 'emotion'].map((name) => unitsByName.get(name)!.setup(ctx)));
  const humanAll = await createHuman('+emotion');
  for (const [label, bytes] of Object.entries(photos)) {
    const oneRequest = await median(async () => {
      const image = open(bytes);
      let objects = (await units[0][1].run({ image, objects: [], params: {} })).objects;
      for (const unit of attributes) objects = (await unit.run({ image, objects, params: {} })).objects;
    });
    const threeServices = await median(async () => {
      for (const unit of attributes) {
        const image = open(bytes);
        const found = (await units[0][1].run({ image, objects: [], params: {} })).objects;
        await unit.run({ image, objects: found, params: {} });
      }
    });
    const { info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const humanTime = await median(async () => {
      const decoded = await sharp(bytes).rotate().removeAlpha().raw().toBuffer();
      const tensor = humanAll.tf.tensor4d(Int32Array.from(decoded), [1, info.height, info.width, 3], 'int32');
      await humanAll.detect(tensor);
      tensor.dispose();
    });
    rows.push(row(`${label}: ours, detect + age + gender + emotion in one request (located once)`, oneRequest));
    rows.push(row(`${label}: ours, the three services (each detects and locates again)`, threeServices));
    rows.push(row(`${label}: Human, decode + detect + mesh + faceres + emotion (JPEG in)`, humanTime));
    rows.push([`${label}: Human / ours, one request`, humanTime[0] / oneRequest[0], humanTime[1] / oneRequest[1]]);
    rows.push([`${label}: Human / ours, three services`, humanTime[0] / threeServices[0], humanTime[1] / threeServices[1]]);
  }
  console.log(`\n== one request taken apart (in process, ${process.env.FACELAB_THREADS ?? 1} ONNX Runtime thread(s), median of ${RUNS}) ==`);
  console.log(table(['step', 'wall ms', 'cpu ms'], rows));
}
