// Checks a running facelab server: the three faces of face-api's sample1.jpg
// where they are (face-detector), 21 named keypoints per face when
// face-detector-face-fitter is installed, an age for each when age-estimator
// is in the exact list given, and a 404 naming the installed
// services for a missing one.
// usage: node check-server.mjs http://127.0.0.1:PORT path/to/sample1.jpg [seconds to wait] [exact installed list, e.g. "face-detector"]
import { readFileSync } from 'node:fs';

const [base, photoPath, waitArg, installedArg] = process.argv.slice(2);
const deadline = Date.now() + Number(waitArg ?? 120) * 1000;
const fail = (message) => {
  console.error(`check-server: FAIL ${message}`);
  process.exit(1);
};

for (;;) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {}
  if (Date.now() > deadline) fail(`${base}/health did not answer 200 in time`);
  await new Promise((r) => setTimeout(r, 500));
}

const photo = readFileSync(photoPath);
const post = async (path) => {
  const form = new FormData();
  form.append('image', new Blob([photo], { type: 'image/jpeg' }), 'sample1.jpg');
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { method: 'POST', body: form });
  return { status: res.status, body: await res.json(), ms: performance.now() - t0 };
};

// The three faces of sample1.jpg, by the x of their centres (fractions of the width).
const expectedCentres = [0.27, 0.49, 0.82];
const detected = await post('/face-detector/v2/process/image');
if (detected.status !== 200) fail(`face-detector answered ${detected.status}: ${JSON.stringify(detected.body)}`);
const faces = detected.body.objects.filter((o) => o.class === 'face');
if (faces.length !== 3) fail(`face-detector found ${faces.length} faces in sample1.jpg, expected 3`);
const centres = faces.map((f) => (f.bbox[0] + f.bbox[2]) / 2).sort((a, b) => a - b);
centres.forEach((c, i) => {
  if (Math.abs(c - expectedCentres[i]) > 0.06) fail(`face ${i} centred at x=${c.toFixed(3)}, expected about ${expectedCentres[i]}`);
});

const withFitter = !installedArg || installedArg.split(', ').includes('face-detector-face-fitter');
let fitterNote = '';
if (withFitter) {
  const fitted = await post('/face-detector-face-fitter/v2/process/image');
  if (fitted.status !== 200) fail(`face-detector-face-fitter answered ${fitted.status}`);
  const counts = fitted.body.objects.map((o) => Object.keys(o.keypoints ?? {}).length);
  if (counts.length !== 3 || counts.some((n) => n < 21)) fail(`face-fitter: expected 3 faces with at least 21 named keypoints, got ${JSON.stringify(counts)}`);
  fitterNote = `, ${counts.join('/')} keypoints (${fitted.ms.toFixed(0)} ms)`;
}

let ageNote = '';
if (installedArg?.split(', ').includes('age-estimator')) {
  const aged = await post('/age-estimator/v2/process/image');
  if (aged.status !== 200) fail(`age-estimator answered ${aged.status}`);
  // Three adults (faceres reads them 30, 44 and 33 here); the span catches a broken pipeline, not an error of a few years.
  const ages = aged.body.objects.map((o) => Number(o.age));
  if (ages.length !== 3 || ages.some((a) => !(a >= 15 && a <= 60))) fail(`age-estimator: expected 3 ages between 15 and 60, got ${JSON.stringify(aged.body.objects.map((o) => o.age))}`);
  ageNote = `, ages ${ages.join('/')} (${aged.ms.toFixed(0)} ms)`;
}

const missing = await post('/no-such-estimator/v2/process/image');
const installed = /installed: (.*)$/.exec(missing.body.detail ?? '')?.[1].split(', ') ?? [];
const namesThem = installedArg ? installed.join(', ') === installedArg : installed.includes('face-detector') && installed.includes('face-detector-face-fitter');
if (missing.status !== 404 || !/no-such-estimator/.test(missing.body.detail) || !namesThem) {
  fail(`a missing service should give 404 naming the installed ones, got ${missing.status} ${JSON.stringify(missing.body)}`);
}
console.log(`check-server: ok at ${base}: 3 faces at x=${centres.map((c) => c.toFixed(2)).join(', ')} (${detected.ms.toFixed(0)} ms)${fitterNote}${ageNote}, 404 "${missing.body.detail}"`);
