import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger, type SampleObject } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { demoPhotoDir } from './photos.ts';
const codec = createSharpCodec();
const inference = createOrtBackend({ threads: 1 });
const ctx = { inference, logger: silentLogger };
const bytes = await sharp(join(demoPhotoDir(), 'sample1.jpg')).resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
const detect = await detectUnit({}).setup(ctx);
const fit = await faceFitter().units.find((u) => u.name === 'fit')!.setup(ctx);
const image = ImageSource.open(bytes, codec, DEFAULT_IMAGE_LIMITS, ['body']);
const faces = (await detect.run({ image, objects: [], params: {} })).objects;
const t: number[] = [];
for (let i = 0; i < 40; i++) { const c = process.cpuUsage(); await fit.run({ image, objects: faces, params: {} }); const u = process.cpuUsage(c); t.push((u.user + u.system) / 1000); }
console.log('faces', faces.length, 'fit cpu p50 (decoded)', [...t].sort((a, b) => a - b)[20].toFixed(1));
process.exit(0);
