// Calls this server's Image API (v2) from the demo page. Paths are relative,
// so the page works wherever the app is mounted.

/** An answer other than 200, carrying the contract's `detail`. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(describeDetail(status, detail));
    this.status = status;
    this.detail = detail;
  }
}

function describeDetail(status, detail) {
  if (Array.isArray(detail)) return `${status}: ${detail.map((d) => `${d.msg} (${(d.loc || []).join('.')})`).join('; ')}`;
  return `${status}: ${detail ?? 'request failed'}`;
}

async function answer(response) {
  const body = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) throw new ApiError(response.status, body.detail);
  return body;
}

/** The installed services: [{name, plugin, version, pipeline}]. */
export async function listServices() {
  return (await answer(await fetch('services'))).services;
}

/** Runs a service on a picture (process/image, the form field `image`). */
export async function processImage(service, file) {
  const form = new FormData();
  form.append('image', file);
  return answer(await fetch(`${service}/v2/process/image`, { method: 'POST', body: form }));
}

/** Runs a service on a sample (process/sample); the answer is the sample with what it adds. */
export async function processSample(service, sample) {
  return answer(await fetch(`${service}/v2/process/sample`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sample) }));
}

// Each estimator adds its attribute to the objects it is sent, and passes the others through.
const ESTIMATORS = ['age-estimator', 'gender-estimator', 'emotion-estimator', 'mask-estimator', 'liveness-estimator', 'quality-assessment-estimator'];

/**
 * Detects and fits the faces once, then posts the sample to every installed
 * estimator in turn: one sample with every attribute.
 */
export async function analyseAll(file, installed, onStep) {
  onStep('face-detector-face-fitter');
  let sample = await processImage('face-detector-face-fitter', file);
  for (const service of ESTIMATORS.filter((name) => installed.includes(name))) {
    if (sample.objects.length === 0) break;
    onStep(service);
    sample = await processSample(service, sample);
  }
  return sample;
}

/** Templates of each picture's largest face (face-detector-template-extractor), then verify-matcher on the two. */
export async function verifyPair(fileA, fileB, onStep) {
  const faces = [];
  for (const [label, file] of [['first', fileA], ['second', fileB]]) {
    onStep(`face-detector-template-extractor (${label} photo)`);
    const sample = await processImage('face-detector-template-extractor', file);
    const face = largestFace(sample.objects);
    if (!face) throw new Error(`No face found in the ${label} photo`);
    faces.push({ sample, face });
  }
  onStep('verify-matcher');
  const result = await processSample('verify-matcher', { objects: faces.map((f) => f.face) });
  return { a: faces[0], b: faces[1], result };
}

function largestFace(objects) {
  const area = (o) => (o.bbox[2] - o.bbox[0]) * (o.bbox[3] - o.bbox[1]);
  return objects.filter((o) => o.class === 'face' && o.template && o.bbox).sort((x, y) => area(y) - area(x))[0];
}
