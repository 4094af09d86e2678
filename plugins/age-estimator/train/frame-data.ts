/**
 * Collects what the canonical face frame is calibrated on: the face
 * detector's box and the fitter's 21 points of training pictures
 * (../shared/train/age_gender and ../shared/train/emotion, never eval data),
 * through the all-in-one app's face-detector-face-fitter service. Writes
 * one JSON row per face found to the given file.
 *
 *   npx tsx --conditions=source plugins/age-estimator/train/frame-data.ts /tmp/frame-data.json [pictures per set]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServerApp } from '@facelab/server';

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const [out = '/tmp/frame-data.json', perSet = '300'] = process.argv.slice(2);
const app = await createServerApp();
const rows: unknown[] = [];
for (const set of ['age_gender', 'emotion']) {
  const items = (JSON.parse(readFileSync(join(trainRoot, set, 'manifest.json'), 'utf8')) as { items: { file: string }[] }).items;
  const step = Math.max(1, Math.floor(items.length / Number(perSet)));
  for (let i = 0; i < items.length; i += step) {
    const bytes = readFileSync(join(trainRoot, set, items[i].file));
    const body = { _image: { blob: bytes.toString('base64') } };
    const res = await app.request('/face-detector-face-fitter/v2/process/image', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const json = (await res.json()) as { objects?: { confidence: number; bbox: number[]; keypoints: Record<string, { proj: number[] }> }[] };
    const face = (json.objects ?? []).sort((a, b) => b.confidence - a.confidence)[0];
    if (face?.keypoints) rows.push({ set, file: items[i].file, bbox: face.bbox, points: Object.fromEntries(Object.entries(face.keypoints).filter(([, p]) => p.proj).map(([n, p]) => [n, p.proj])) });
  }
  process.stderr.write(`${set}: ${rows.length} faces so far\n`);
}
writeFileSync(out, JSON.stringify(rows));
