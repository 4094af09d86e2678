/**
 * Generated hostile requests for every route kind of every service: wrong
 * methods and paths, bodies that are not JSON or nest too deep, samples
 * whose fields hold any JSON value, boxes at 1e308, too many objects,
 * pictures that are truncated, corrupted, declare huge sizes or are noise
 * behind a format's magic bytes, multipart forms without the field, and
 * thresholds outside (0, 1]. Shared by the fuzz test (a few hundred,
 * in-process) and `npm run fuzz` (thousands, over HTTP to a started server).
 */
import fc from 'fast-check';

export interface FuzzCase {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** Small valid pictures of each format to start mutations from. */
export interface FuzzPictures {
  jpeg: Uint8Array;
  png: Uint8Array;
  webp: Uint8Array;
  bmp: Uint8Array;
}

const encoder = new TextEncoder();
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const MAGICS: Uint8Array[] = [
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  encoder.encode('RIFF\x00\x00\x00\x00WEBPVP8 '),
  encoder.encode('BM'),
  encoder.encode('GIF89a'),
];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Picture bytes, valid or broken in the ways decoders trip on. */
function pictureBytes(pictures: FuzzPictures): fc.Arbitrary<Uint8Array> {
  const valid = fc.constantFrom(pictures.jpeg, pictures.png, pictures.webp, pictures.bmp);
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 2, arbitrary: fc.tuple(valid, fc.double({ min: 0, max: 1, noNaN: true })).map(([b, f]) => b.slice(0, Math.floor(b.length * f))) },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 })).map(([b, flips]) => {
        const out = b.slice();
        for (const [at, value] of flips) out[at % out.length] = value;
        return out;
      }),
    },
    {
      // The size fields of the header set to anything: decompression bombs and zero sizes.
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(pictures.png, pictures.bmp), fc.nat(), fc.nat()).map(([b, w, h]) => {
        const out = b.slice();
        const view = new DataView(out.buffer);
        if (out[0] === 0x89) {
          view.setUint32(16, w);
          view.setUint32(20, h);
        } else {
          view.setInt32(18, w, true);
          view.setInt32(22, h % 2 ? -h : h, true);
          view.setUint32(30, h % 3, true);
        }
        return out;
      }),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MAGICS), fc.uint8Array({ maxLength: 300 })).map(([m, noise]) => concat(m, noise)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
}

const anyNumber = fc.oneof(
  fc.double(),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.integer(),
  fc.constantFrom(0, 1, 0.5, -1, 2, 1e308, -1e308, 5e-324, 1e-12),
);
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const bbox = fc.oneof(
  fc.tuple(unit, unit, unit, unit).map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]),
  fc.array(anyNumber, { maxLength: 6 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const maybeJson = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
const word = fc.constantFrom('face', 'body', 'FACE', '', 'x', 'real', 'fake', 'male', 'FEMALE', 'happy', 'SAD');
const scored = fc.record({ value: fc.oneof(word, fc.boolean()), confidence: anyNumber }, { requiredKeys: [] });
const base64ish = fc.oneof(fc.base64String({ maxLength: 200 }), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 140 }).map(base64));
const keypoints = fc.dictionary(
  fc.oneof(fc.constantFrom('left_eye', 'right_eye', 'nose_tip', 'fitter_type', 'chin'), fc.string({ maxLength: 8 })),
  fc.oneof(fc.record({ proj: fc.array(anyNumber, { maxLength: 4 }) }), word, fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 24 },
);

const randomObject = fc.record(
  {
    id: maybeJson(fc.integer()),
    class: maybeJson(word),
    confidence: maybeJson(anyNumber),
    bbox,
    fitter: maybeJson(fc.record({ fitter_type: word, keypoints: fc.array(anyNumber, { maxLength: 70 }), left_eye: fc.array(anyNumber, { maxLength: 3 }) }, { requiredKeys: [] })),
    keypoints: maybeJson(keypoints),
    angles: maybeJson(fc.record({ yaw: anyNumber, pitch: anyNumber, roll: anyNumber }, { requiredKeys: [] })),
    pose: maybeJson(fc.record({ yaw: anyNumber, pitch: anyNumber, roll: anyNumber }, { requiredKeys: [] })),
    age: maybeJson(fc.oneof(fc.string({ maxLength: 6 }), anyNumber)),
    gender: maybeJson(word),
    emotions: maybeJson(fc.array(fc.record({ emotion: word, confidence: anyNumber }, { requiredKeys: [] }), { maxLength: 8 })),
    liveness: maybeJson(scored),
    mask: maybeJson(scored),
    has_medical_mask: maybeJson(scored),
    quality: maybeJson(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 6 })),
    $template: maybeJson(base64ish),
    template: maybeJson(fc.dictionary(fc.string({ maxLength: 12 }), fc.record({ blob: base64ish, dtype: word, shape: fc.array(fc.integer(), { maxLength: 3 }) }, { requiredKeys: [] }), { maxKeys: 2 })),
    note: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);

/** Mostly a usable face or body box, sometimes with one field of any value; otherwise anything. */
const sampleObject = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('face', 'face', 'body'), bbox.filter((b) => Array.isArray(b) && b.length === 4 && typeof b[0] === 'number'), fc.option(randomObject, { freq: 3, nil: undefined }))
      .map(([id, cls, box, more]) => ({ id, class: cls, bbox: box, ...(more ?? {}) })),
  },
  { weight: 1, arbitrary: randomObject },
);

function sampleBody(pictures: FuzzPictures): fc.Arbitrary<string> {
  const blob = fc.oneof({ weight: 4, arbitrary: pictureBytes(pictures).map(base64) }, { weight: 1, arbitrary: base64ish }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<unknown> });
  const image = fc.oneof(
    blob.map((b) => ({ $image: b })),
    fc.tuple(blob, fc.oneof(fc.constant('IMAGE'), word)).map(([b, format]) => ({ _image: { blob: b, format } })),
    fc.jsonValue({ maxDepth: 2 }).map((v) => ({ _image: v })),
    fc.constant({}),
  );
  const objects = fc.oneof(
    { weight: 6, arbitrary: fc.array(sampleObject, { maxLength: 5 }) as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.integer({ min: 60, max: 120 }).map((n) => Array.from({ length: n }, (_, id) => ({ id, class: 'face', bbox: [0.1, 0.1, 0.6, 0.6] }))) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
  const verification = fc.record({ distance: anyNumber, fa_r: anyNumber, fr_r: anyNumber, score: anyNumber }, { requiredKeys: [] });
  const sample = fc
    .tuple(image, fc.option(objects, { nil: undefined }), fc.option(verification, { nil: undefined }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }))
    .map(([img, objs, ver, extra]) => JSON.stringify({ ...extra, ...img, ...(objs === undefined ? {} : { objects: objs }), ...(ver === undefined ? {} : { verification: ver }) }));
  const deep = fc.tuple(fc.integer({ min: 30, max: 30_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => `{"x": ${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}}`);
  return fc.oneof(
    { weight: 8, arbitrary: sample },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: deep },
  );
}

function multipart(pictures: FuzzPictures): fc.Arbitrary<{ type: string; body: Uint8Array }> {
  return fc.tuple(fc.constantFrom('image', 'picture', ''), pictureBytes(pictures), fc.boolean(), fc.boolean()).map(([field, bytes, asFile, closed]) => {
    const boundary = 'fuzzboundary';
    const disposition = asFile ? `form-data; name="${field}"; filename="x.jpg"` : `form-data; name="${field}"`;
    const parts = [encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: image/jpeg\r\n\r\n`), bytes, encoder.encode(closed ? `\r\n--${boundary}--\r\n` : '\r\n')];
    return { type: `multipart/form-data; boundary=${boundary}`, body: concat(...parts) };
  });
}

const thresholdValue = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: 0.05, max: 1, noNaN: true }).map(String) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('0', '1', '-1', '2', 'abc', '', 'NaN', '1e-300', 'Infinity'), fc.double().map(String)) },
);
const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('face_threshold', 'body_threshold', 'mask_threshold', 'liveness_threshold', 'other', 'x_threshold'), thresholdValue), { minLength: 1, maxLength: 2 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  },
);

/**
 * @param services the server's service names
 * @param methods the methods to draw from (fetch cannot send TRACE; a raw HTTP client can)
 */
export function fuzzCases(services: readonly string[], pictures: FuzzPictures, methods: readonly string[] = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']): fc.Arbitrary<FuzzCase> {
  const service = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...services) }, { weight: 1, arbitrary: fc.constantFrom('no-such-service', '..', '%2e%2e', 'face-detector%00') });
  const route = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('v1/process/sample', 'v2/process/sample', 'process/sample', 'v1/process/image', 'v2/process/image', 'process/image') },
    { weight: 1, arbitrary: fc.constantFrom('v3/process/image', 'v2/process/video', 'v2/process', 'v2/process/sample/') },
  );
  const path = fc.oneof(
    { weight: 30, arbitrary: fc.tuple(service, route).map(([s, r]) => `/${s}/${r}`) },
    { weight: 1, arbitrary: fc.constantFrom('/health', '/services', '/', '/favicon.ico') },
    { weight: 1, arbitrary: fc.webPath({ size: 'small' }).map((p) => (p.startsWith('/') ? p : `/${p}`)) },
  );
  const jsonCase = fc.tuple(sampleBody(pictures), fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'application/vnd.x+json', '')).map(([text, type]) => ({ type, body: encoder.encode(text) }));
  const rawCase = fc.tuple(pictureBytes(pictures), fc.constantFrom('image/jpeg', 'image/png', 'image/bmp', 'application/octet-stream', 'image/gif')).map(([body, type]) => ({ type, body }));
  const otherCase = fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded')).map(([body, type]) => ({ type, body }));
  // Mostly the body kinds a route takes, sometimes any.
  const sampleRouteBody = fc.oneof({ weight: 10, arbitrary: jsonCase }, { weight: 1, arbitrary: rawCase }, { weight: 1, arbitrary: otherCase });
  const imageRouteBody = fc.oneof({ weight: 3, arbitrary: jsonCase }, { weight: 4, arbitrary: rawCase }, { weight: 3, arbitrary: multipart(pictures) }, { weight: 1, arbitrary: otherCase });
  const method = fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom(...methods) });
  return fc.tuple(method, path, query).chain(([m, p, q]) =>
    (p.includes('/image') ? imageRouteBody : sampleRouteBody).map((b) => {
      const withBody = m !== 'GET' && m !== 'HEAD' && m !== 'TRACE' && m !== 'OPTIONS';
      const headers: Record<string, string> = withBody && b.type ? { 'content-type': b.type } : {};
      return { method: m, path: p + q, headers, body: withBody ? b.body : undefined };
    }),
  );
}

/** What is wrong with an answer, or null: never a 5xx (but a 503 that sheds load, with Retry-After), JSON with `detail` on every error and on every answer but a served page, no NaN turned null in results. */
export function answerProblem(status: number, headers: { get(name: string): string | null }, text: string, method: string): string | null {
  if (status >= 500 && !(status === 503 && headers.get('retry-after'))) return `status ${status}: ${text.slice(0, 200)}`;
  if (method === 'HEAD') return null;
  const json = (headers.get('content-type') ?? '').includes('application/json');
  // A page the server serves (the demo at /, the explorer at /docs) answers a GET with HTML; errors stay JSON.
  if (!json && method === 'GET' && status < 400) return null;
  if (!json) return `status ${status} without JSON (${headers.get('content-type')})`;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `status ${status} with a body that is not JSON: ${text.slice(0, 100)}`;
  }
  if (status >= 400) return body && body.detail !== undefined ? null : `status ${status} without detail`;
  for (const object of Array.isArray(body?.objects) ? body.objects : []) {
    // The codecs refuse a null confidence on input, so a null here is a NaN of ours.
    if (object?.confidence === null) return 'an object with confidence null (NaN)';
    for (const key of ['age', 'liveness', 'has_medical_mask', 'mask']) {
      const value = object?.[key];
      if (value && typeof value === 'object' && 'confidence' in value && value.confidence === null) return `${key}.confidence null (NaN)`;
    }
    if (object?.age === 'NaN') return 'age NaN';
  }
  return null;
}
