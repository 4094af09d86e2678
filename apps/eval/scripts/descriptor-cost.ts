/**
 * CPU cost of the descriptors per face, one ONNX Runtime thread, on the
 * crops of face-api's demo photos (no dev data):
 *
 *   npx tsx --conditions=source apps/eval/scripts/descriptor-cost.ts
 *
 * Prints CPU ms (this process, all threads) and wall ms per face for the
 * MobileFaceNet as served (its `zooms`: one crop and its mirror, two runs
 * at batch 1), the MobileFaceNet at three zooms (1, 0.95, 1.05, each with
 * its mirror: six runs) and the ResNet-34 (crop + mirror in one batch of
 * 2; what a fusion adds), crops included. CPU time is the
 * figure to trust on a shared machine; wall time there mostly measures the
 * queue for a core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImageApi, silentLogger, v2Codec, encodeBase64 } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { describe } from '../../../plugins/template-extractor/src/extract.ts';
import { FACEAPI_RESNET34, MOBILEFACENET } from '../../../plugins/template-extractor/src/models.ts';
import { chipBatch } from '../../../plugins/template-extractor/src/preprocess.ts';

const demo = join(import.meta.dirname, '..', '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample2.jpg');
const bytes = readFileSync(demo);
const backend = createOrtBackend({ threads: 1 });
const codec = createSharpCodec();
const app = await createImageApi({ plugins: [faceDetector(), faceFitter()], inference: backend, imageCodec: codec, logger: silentLogger });
const res = await app.request('/face-detector-face-fitter/v2/process/sample', { method: 'POST', body: JSON.stringify({ _image: { blob: encodeBase64(bytes) } }), headers: { 'content-type': 'application/json' } });
const picture = await codec.decode(bytes);
const objects = v2Codec.decode((await res.json()) as Record<string, unknown>, picture).objects.filter((o) => o.landmarks);
const faces = objects.map((object, index) => ({ object, index }));
for (const model of [MOBILEFACENET, { ...MOBILEFACENET, zooms: [1, 0.95, 1.05] }, FACEAPI_RESNET34]) {
  const session = await backend.load(model.id);
  await describe(session, model, chipBatch(picture, faces, model)); // warm-up
  const rounds = 5;
  const cpu = process.cpuUsage();
  const began = performance.now();
  for (let r = 0; r < rounds; r++) await describe(session, model, chipBatch(picture, faces, model));
  const used = process.cpuUsage(cpu);
  const n = rounds * faces.length;
  console.log(`${model.id}: ${((used.user + used.system) / 1000 / n).toFixed(1)} ms CPU, ${((performance.now() - began) / n).toFixed(1)} ms wall per face (${model.zooms.length} zoom${model.zooms.length > 1 ? 's' : ''} of the crop + mirrors, crops included), ${faces.length} faces x ${rounds}`);
}
