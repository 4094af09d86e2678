/**
 * CPU time of the detect unit (default options, one ONNX Runtime thread)
 * on each face-api demo photo resized to 1920 px wide: median of 7 runs
 * after a warm-up, in ms. CPU time, not wall time: on a shared machine the
 * waiting swells wall time, not the work.
 *
 *   npx tsx --conditions=source apps/eval/scripts/detector-cpu.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { detectUnit } from '../../../plugins/face-detector/src/index.ts';
const demo = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
const unit = await detectUnit().setup({ inference: createOrtBackend({ threads: 1 }), logger: silentLogger });
const out: string[] = [];
for (let i = 1; i <= 6; i++) {
  const bytes = await sharp(readFileSync(join(demo, `sample${i}.jpg`))).resize(1920).jpeg({ quality: 90 }).toBuffer();
  const once = () => unit.run({ image: ImageSource.open(bytes, createSharpCodec(), DEFAULT_IMAGE_LIMITS, ['body', 'image']), objects: [], params: {} });
  await once();
  const cpu: number[] = [];
  for (let k = 0; k < 7; k++) { const u = process.cpuUsage(); await once(); const d = process.cpuUsage(u); cpu.push((d.user + d.system) / 1000); }
  out.push(`s${i} ${cpu.sort((a, b) => a - b)[3].toFixed(1)}`);
}
console.log(out.join(' | '));
