import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE_LIMITS, ImageSource } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { spoofEmbedding } from '../src/spoof-score.ts';
const inference = createOrtBackend({ threads: 1 });
const embed = await inference.load('fr-liveness-embed');
const codec = createSharpCodec();
for (const [name, dir] of [['dev', '/work/shared/eval/dev'], ['train', '/work/shared/train/liveness']]) {
  const rows = JSON.parse(readFileSync(`/tmp/facelab-eval/liveness-${name}-42a2438b19ec.json`, 'utf8')).rows;
  const outFile = `/tmp/i14/extra-${name}.json`;
  const out: Record<string, any> = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : {};
  for (const [file, row] of Object.entries<any>(rows)) {
    if (!row || out[file]) continue;
    const pic = await ImageSource.open(readFileSync(join(dir, file)), codec, DEFAULT_IMAGE_LIMITS, ['image']).full();
    const m = await spoofEmbedding(embed, pic, row.bbox, { scale: 1.2, shape: 'square', mirror: true });
    const s10 = await spoofEmbedding(embed, pic, row.bbox, { scale: 1.0, shape: 'square' });
    out[file] = { mirror: Array.from(m.embedding, (v) => +v.toFixed(5)), s10: Array.from(s10.embedding, (v) => +v.toFixed(5)) };
  }
  writeFileSync(outFile, JSON.stringify(out));
  console.error(name, 'done');
}
