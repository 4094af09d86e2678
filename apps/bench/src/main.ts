/**
 * `npm run bench`: starts the all-in-one server and measures every service
 * over real HTTP (p50/p95/p99 and throughput at concurrency 1, 2 and 4),
 * the per-unit breakdown, latency against photo size, the same work done
 * by Human on tfjs-wasm, the server's memory, and how it sheds load at
 * concurrency 64 (`--load` runs only that; `--threads` compares thread
 * layouts on the latency targets, see threads.ts).
 */
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createHuman, timeHuman, type HumanStep } from './human.ts';
import { benchModels } from './models.ts';
import { profileRequest } from './profile.ts';
import { runLoad, type RequestSpec } from './load.ts';
import { mergeShedding, runShedding, type SheddingResult } from './shedding.ts';
import { demoPhotoDir, loadPhotos, type BenchPhoto } from './photos.ts';
import { startServer } from './server.ts';
import { benchTargets } from './target.ts';
import { benchThreads } from './threads.ts';
import { summarise, table } from './stats.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
if (process.argv.includes('--models')) {
  await benchModels();
  process.exit(0);
}
if (process.argv.includes('--profile')) {
  await profileRequest();
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const perLevel = quick ? 8 : 24;

const image = (path: string, photo: BenchPhoto): RequestSpec => ({ path, body: new Uint8Array(photo.bytes), contentType: 'image/jpeg' });

/** face-detector on the 640 px photos at concurrency 4 and 64, with the server's default queue. */
async function benchShedding(url: string, photos: BenchPhoto[]): Promise<void> {
  const specs = photos.filter((p) => p.side === 640).map((p) => image('/face-detector/v2/process/image', p));
  await runLoad(url, specs, 2, 8);
  const settings: [number, number][] = [[4, 1000], [64, 1000], [64, 100]];
  const rounds = quick ? 2 : 4;
  const runs: SheddingResult[][] = settings.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, [concurrency, pause]] of settings.entries()) runs[i].push(await runShedding(url, specs, concurrency, 60, pause));
  }
  const results = runs.map(mergeShedding);
  console.log('\n== overload: face-detector, 640 px photos, default queue (FACELAB_MAX_QUEUE = workers) ==');
  console.log(
    table(
      ['conc', 'retry after ms', 'admitted', 'shed 503', 'shed w/o Retry-After', 'other', 'p50', 'p99', 'admitted/s'],
      results.map((r) => [r.concurrency, r.retryPauseMs, r.admitted, r.shed, r.badShed, r.other, r.p50, r.p99, r.admitted / r.seconds]),
    ),
  );
  for (const r of results.slice(1)) {
    console.log(`p99 of admitted requests at 64 (retry after ${r.retryPauseMs} ms) / at 4: ${(r.p99 / results[0].p99).toFixed(2)} (target <= 2); shed ${r.shed}, with Retry-After ${r.shed - r.badShed}`);
  }
}

if (process.argv.includes('--load')) {
  const server = await startServer(root);
  await benchShedding(server.url, await loadPhotos([640]));
  console.log(`server RSS ${server.rssMb().toFixed(0)} MB`);
  await server.stop();
  process.exit(0);
}

/** The mixed requests of the memory check: every service on the photos up to 1280 px. */
async function mixedRequests(url: string, photos: BenchPhoto[]): Promise<RequestSpec[]> {
  const services: { name: string }[] = (await (await fetch(`${url}/services`)).json()).services;
  return services.filter(({ name }) => name !== 'verify-matcher').flatMap(({ name }) => photos.filter((p) => p.side <= 1280).map((p) => image(`/${name}/v2/process/image`, p)));
}

if (process.argv.includes('--memory')) {
  // Only the memory check: RSS after start and after 100 mixed requests (compare FACELAB_PARALLEL_RUNS=0 / 1).
  const server = await startServer(root);
  const start = server.rssMb();
  await runLoad(server.url, await mixedRequests(server.url, await loadPhotos()), 2, 100);
  console.log(`RSS after start ${start.toFixed(0)} MB, after 100 mixed requests ${server.rssMb().toFixed(0)} MB (target <= 1024)`);
  await server.stop();
  process.exit(0);
}

/** One face, filling a 1920 px frame: a crop of sample1 around its first face, scaled up. */
async function oneFacePhoto(): Promise<BenchPhoto> {
  const bytes = await sharp(join(demoPhotoDir(), 'sample1.jpg')).extract({ left: 200, top: 250, width: 700, height: 467 }).resize(1920).jpeg({ quality: 90 }).toBuffer();
  return { name: 'one-face@1920', side: 1920, bytes };
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, node ${process.version}`);
if (process.argv.includes('--threads')) {
  await benchThreads(root, await loadPhotos([1920]), await oneFacePhoto(), quick ? 12 : 30);
  process.exit(0);
}
if (process.argv.includes('--target')) {
  await benchTargets(root, await loadPhotos([1920]), await oneFacePhoto(), quick ? 12 : 30);
  process.exit(0);
}
const photos = await loadPhotos();
const server = await startServer(root);
const rssStart = server.rssMb();
console.log(`server RSS after start (all models loaded): ${rssStart.toFixed(0)} MB`);
const services: { name: string }[] = (await (await fetch(`${server.url}/services`)).json()).services;

// verify-matcher needs two templates: take them from the extractor once.
let verifySpec: RequestSpec | undefined;
if (services.some((s) => s.name === 'verify-matcher') && services.some((s) => s.name === 'face-detector-template-extractor')) {
  const extracted = await (await fetch(`${server.url}/face-detector-template-extractor/v2/process/image`, { method: 'POST', body: new Uint8Array(photos[2].bytes), headers: { 'content-type': 'image/jpeg' } })).json();
  verifySpec = { path: '/verify-matcher/v2/process/sample', body: JSON.stringify({ objects: extracted.objects.slice(0, 2) }), contentType: 'application/json' };
}

console.log('\n== every service, process/image on the 24 photos (640-4000 px), ms ==');
const rows: (string | number)[][] = [];
const breakdowns: Record<string, Record<string, number>> = {};
for (const { name } of services) {
  const specs = name === 'verify-matcher' ? (verifySpec ? [verifySpec] : []) : photos.map((p) => image(`/${name}/v2/process/image`, p));
  if (specs.length === 0) continue;
  await runLoad(server.url, specs, 1, 4);
  const rates: number[] = [];
  for (const concurrency of [1, 2, 4]) {
    const result = await runLoad(server.url, specs, concurrency, perLevel);
    const s = summarise(result.latencies);
    rates.push(result.latencies.length / result.seconds);
    if (concurrency === 1) breakdowns[name] = result.breakdown;
    rows.push([name, concurrency, s.p50, s.p95, s.p99, result.latencies.length / result.seconds, result.failures]);
  }
  rows.push(['', 'c2/c1', (rates[1] / rates[0]).toFixed(2), '', '', '', '']);
}
console.log(table(['service', 'conc', 'p50', 'p95', 'p99', 'req/s', 'fail'], rows));

console.log('\n== where the time goes (concurrency 1, mean ms per request, Server-Timing) ==');
for (const [name, parts] of Object.entries(breakdowns)) {
  console.log(`${name}: ${Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
}

console.log('\n== latency against photo size (face-detector and face-detector-template-extractor, c=1) ==');
const sizeRows: (string | number)[][] = [];
for (const name of ['face-detector', 'face-detector-template-extractor'].filter((n) => services.some((s) => s.name === n))) {
  for (const side of [640, 1280, 1920, 4000]) {
    const result = await runLoad(server.url, photos.filter((p) => p.side === side).map((p) => image(`/${name}/v2/process/image`, p)), 1, quick ? 6 : 12);
    const s = summarise(result.latencies);
    sizeRows.push([name, side, s.p50, s.p95]);
  }
}
console.log(table(['service', 'side', 'p50', 'p95'], sizeRows));

const target = 'face-detector-template-extractor';
if (services.some((s) => s.name === target)) {
  const one = await oneFacePhoto();
  await runLoad(server.url, [image(`/${target}/v2/process/image`, one)], 1, 3);
  const c1 = await runLoad(server.url, [image(`/${target}/v2/process/image`, one)], 1, quick ? 10 : 30);
  const c2 = await runLoad(server.url, [image(`/${target}/v2/process/image`, one)], 2, quick ? 10 : 30);
  const s = summarise(c1.latencies);
  console.log(`\n== target: ${target}, one face, 1920 px ==`);
  console.log(`p50 ${s.p50.toFixed(1)} ms (target <= 60), p95 ${s.p95.toFixed(1)} ms; throughput c1 ${(c1.latencies.length / c1.seconds).toFixed(2)}/s, c2 ${(c2.latencies.length / c2.seconds).toFixed(2)}/s, ratio ${(c2.latencies.length / c2.seconds / (c1.latencies.length / c1.seconds)).toFixed(2)} (target >= 1.7)`);
  console.log(`breakdown: ${Object.entries(c1.breakdown).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
}

console.log('\n== memory after 1,000 mixed requests ==');
const mixed = [...(await mixedRequests(server.url, photos)), ...(verifySpec ? [verifySpec] : [])];
await runLoad(server.url, mixed, 2, quick ? 100 : 1000);
console.log(`RSS after start ${rssStart.toFixed(0)} MB, after ${quick ? 100 : 1000} mixed requests ${server.rssMb().toFixed(0)} MB (target <= 1024)`);

await benchShedding(server.url, photos);

// Our side of the comparison, per step, from the server's own timings (Server-Timing, each unit's
// decoding included, HTTP left out) on the 1920 px photos, JPEG bytes in as a client sends them.
const set1920 = photos.filter((p) => p.side === 1920);
const ours = async (service: string) => (await runLoad(server.url, set1920.map((p) => image(`/${service}/v2/process/image`, p)), 1, 12)).breakdown;
const ourFit = services.some((s) => s.name === 'face-detector-face-fitter') ? await ours('face-detector-face-fitter') : {};
const ourTemplate = services.some((s) => s.name === target) ? await ours(target) : {};
const ourAttrs: Record<string, number> = {};
for (const name of ['age-estimator', 'gender-estimator', 'emotion-estimator']) {
  if (services.some((s) => s.name === name)) Object.assign(ourAttrs, await ours(name));
}
let ourFaces = 0;
if (services.some((s) => s.name === target)) {
  for (const p of set1920) ourFaces += (await (await fetch(`${server.url}/${target}/v2/process/image`, { method: 'POST', body: new Uint8Array(p.bytes), headers: { 'content-type': 'image/jpeg' } })).json()).objects.length;
}
await server.stop();

console.log('\n== against Human 3.x on tfjs-wasm, the six photos at 1920 px, mean ms per photo ==');
// Both sides warm, one thread each, the same JPEG files. Human on Node takes a decoded tensor:
// "JPEG in" adds the decode it needs (sharp, full size, to an int32 tensor) to its detect call;
// ours always starts from the JPEG (each unit decodes the copy it needs, included in its time).
const human: Record<HumanStep, { tensorIn: number; jpegIn: number; faces: number }> = {
  'detect+mesh': { tensorIn: 0, jpegIn: 0, faces: 0 },
  '+descriptor,age,gender': { tensorIn: 0, jpegIn: 0, faces: 0 },
  '+emotion': { tensorIn: 0, jpegIn: 0, faces: 0 },
};
for (const step of Object.keys(human) as HumanStep[]) {
  const peer = await createHuman(step);
  await timeHuman(peer, set1920[0].bytes);
  for (const p of set1920) {
    const t = await timeHuman(peer, p.bytes);
    human[step].tensorIn += t.detectMs / set1920.length;
    human[step].jpegIn += (t.decodeMs + t.detectMs) / set1920.length;
    human[step].faces += t.faces;
  }
}
const h = (step: HumanStep, k: 'tensorIn' | 'jpegIn') => human[step][k];
const ourDetectMesh = (ourFit.detect ?? 0) + (ourFit.fit ?? 0);
const ourWhole = (ourTemplate.detect ?? 0) + (ourTemplate.fit ?? 0) + (ourTemplate.extract ?? 0);
const ourDescriptor = ourTemplate.extract ?? 0;
const ourAgeGenderEmotion = (ourAttrs.age ?? 0) + (ourAttrs.gender ?? 0) + (ourAttrs.emotion ?? 0);
const row = (step: string, ourMs: number, tensorIn: number, jpegIn: number): (string | number)[] => [step, ourMs, tensorIn, jpegIn, (tensorIn / ourMs).toFixed(1), (jpegIn / ourMs).toFixed(1)];
console.log(
  table(
    ['step', 'ours ms', 'Human tensor in', 'Human JPEG in', 'ratio tensor in', 'ratio JPEG in'],
    [
      row('detect + mesh (ours: face-detector-face-fitter)', ourDetectMesh, h('detect+mesh', 'tensorIn'), h('detect+mesh', 'jpegIn')),
      row('descriptor (+age/gender in Human)', ourDescriptor, h('+descriptor,age,gender', 'tensorIn') - h('detect+mesh', 'tensorIn'), h('+descriptor,age,gender', 'tensorIn') - h('detect+mesh', 'tensorIn')),
      row('age + gender + emotion (ours: three services, each locating the face again)', ourAgeGenderEmotion, h('+emotion', 'tensorIn') - h('detect+mesh', 'tensorIn'), h('+emotion', 'tensorIn') - h('detect+mesh', 'tensorIn')),
      row('detect + mesh + descriptor (ours: one face-detector-template-extractor request)', ourWhole, h('+descriptor,age,gender', 'tensorIn'), h('+descriptor,age,gender', 'jpegIn')),
    ],
  ),
);
console.log(`faces found on the six photos: ours ${ourFaces} (face-detector-template-extractor), Human ${human['+descriptor,age,gender'].faces} (minConfidence 0.5, maxDetected 20)`);
console.log(`target: detect + mesh + descriptor, JPEG in, ratio >= 5 (measured ${(h('+descriptor,age,gender', 'jpegIn') / ourWhole).toFixed(1)})`);
process.exit(0);
