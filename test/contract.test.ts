/**
 * The contract's examples through the codecs: every example decodes, the
 * pairs the page shows as the same sample in both versions convert into
 * each other (keypoints: normalised vs pixels of a 512x512 picture), and
 * what the server does not know passes through untouched.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64, v1Codec, v2Codec, type Codec } from '@facelab/core';
import { decodeTemplate, encodeTemplate, TEMPLATE_KEY } from '@facelab/template-extractor';
import { sameJson, specExample, specExampleNames, withoutBlobs } from './helpers/wire.ts';

// The v1 examples' pixel keypoints are the v2 ones times 512.
const SIZE = { width: 512, height: 512 };
const codecOf = (name: string): Codec => (name.includes('.v1.') ? v1Codec : v2Codec);

// Example pairs that show one sample in both versions (the others are different pictures on the page).
const SAME_SAMPLE = [
  'age-estimator.v2.request.json',
  'age-estimator.v2.response.json',
  'body-detector.v2.response.json',
  'emotion-estimator.v2.request.json',
  'emotion-estimator.v2.response.json',
  'face-detector-liveness-estimator.v2.response.json',
  'face-detector-template-extractor.v2.response.json',
  'gender-estimator.v2.request.json',
  'gender-estimator.v2.response.json',
  'liveness-estimator.v2.request.json',
  'mask-estimator.v2.request.json',
  'mask-estimator.v2.response.json',
  'template-extractor.v2.request.json',
];

describe('contract examples', () => {
  it.each(specExampleNames())('%s decodes and re-encodes to itself', (name) => {
    const body = specExample(name);
    const codec = codecOf(name);
    const sample = codec.decode(body, SIZE);
    const again = codec.encode(sample, SIZE);
    const expected = withoutBlobs(body);
    // Image-only requests gain an empty objects list.
    if (!('objects' in body)) expected.objects = [];
    // v2 responses on the page sometimes show `$image`; ours carry no image here (no blob was decoded).
    expect(sameJson(withoutBlobs(again), expected, 1e-6)).toBe(true);
  });

  it.each(SAME_SAMPLE)('%s converts to its v1 twin and back', (name) => {
    const v2 = specExample(name);
    const v1 = specExample(name.replace('.v2.', '.v1.'));
    expect(withoutBlobs(v1Codec.encode(v2Codec.decode(v2, SIZE), SIZE))).toEqual(expect.objectContaining(withoutBlobs(v1)));
    expect(sameJson(withoutBlobs(v1Codec.encode(v2Codec.decode(v2, SIZE), SIZE)), withoutBlobs(v1), 1e-5)).toBe(true);
    expect(sameJson(withoutBlobs(v2Codec.encode(v1Codec.decode(v1, SIZE), SIZE)), withoutBlobs(v2), 1e-5)).toBe(true);
  });

  it('turns v2 normalised keypoints into v1 pixels, with left_eye and right_eye', () => {
    const sample = v2Codec.decode(specExample('template-extractor.v2.request.json'), SIZE);
    const fitter = (v1Codec.encode(sample, SIZE).objects as any[])[0].fitter;
    expect(fitter.fitter_type).toBe('fda');
    expect(fitter.keypoints).toHaveLength(63);
    expect(fitter.left_eye[0]).toBeCloseTo(0.40019693970680237 * 512, 6);
    expect(fitter.left_eye).toEqual(fitter.keypoints.slice(7 * 3, 7 * 3 + 2));
    expect(fitter.right_eye).toEqual(fitter.keypoints.slice(10 * 3, 10 * 3 + 2));
  });

  it('maps quality between v1 qaa camelCase and v2 flat snake_case', () => {
    const v1 = specExample('quality-assessment-estimator.v1.response.json');
    const v2 = specExample('quality-assessment-estimator.v2.response.json');
    const asV2 = (v2Codec.encode(v1Codec.decode(v1, SIZE), SIZE).objects as any[])[0].quality;
    expect(Object.keys(asV2).sort()).toEqual(Object.keys(v2.objects[0].quality).sort());
    expect(Object.keys(asV2)).toHaveLength(29);
    const asV1 = (v1Codec.encode(v2Codec.decode(v2, SIZE), SIZE).objects as any[])[0].quality.qaa;
    expect(Object.keys(asV1).sort()).toEqual(Object.keys(v1.objects[0].quality.qaa).sort());
    expect(asV1.maxRotationDeviation).toBe(-8);
  });

  it('carries a template across versions: v2 NDARRAY blob, v1 $template and template_size', () => {
    const bytes = Uint8Array.from({ length: 74 }, (_, i) => (i * 37) % 256);
    const v2 = { objects: [{ class: 'face', template: { _face_template_extractor_x_1: { blob: encodeBase64(bytes), format: 'NDARRAY', dtype: 'uint8', shape: [74] } } }] };
    const v1 = v1Codec.encode(v2Codec.decode(v2, undefined), undefined).objects as any[];
    expect(v1[0].$template).toBe(encodeBase64(bytes));
    expect(v1[0].template_size).toBe(74);
    const back = v2Codec.encode(v2Codec.decode(v2, undefined), undefined).objects as any[];
    expect(back[0].template).toEqual(v2.objects[0].template);
  });

  it("stores templates under the page's key, which the examples use and clients read by name", () => {
    for (const name of ['template-extractor.v2.response.json', 'face-detector-template-extractor.v2.response.json', 'verify-matcher.v2.request.json']) {
      for (const o of specExample(name).objects as any[]) expect(Object.keys(o.template)).toEqual([TEMPLATE_KEY]);
    }
    // The page's verify-matcher request with real blobs: decoded by the codec, read by the template format.
    const request = specExample('verify-matcher.v2.request.json');
    const unit = Float32Array.from({ length: 512 }, (_, i) => Math.cos(i * 0.37) / 16);
    for (const o of request.objects as any[]) o.template[TEMPLATE_KEY].blob = encodeBase64(encodeTemplate(unit).data);
    (request.objects as any[]).forEach((o) => (o.template[TEMPLATE_KEY].shape = [encodeTemplate(unit).data.length]));
    const sample = v2Codec.decode(request, undefined);
    expect(sample.objects.map((o, i) => decodeTemplate(o.template!, i).format.key)).toEqual([TEMPLATE_KEY, TEMPLATE_KEY]);
  });

  it('passes unknown fields through untouched, top level, per object and inside keypoints', () => {
    for (const [codec, name] of [
      [v1Codec, 'template-extractor.v1.request.json'],
      [v2Codec, 'template-extractor.v2.request.json'],
    ] as const) {
      const body = specExample(name);
      body.request_id = 'abc-123';
      body.objects[0].track = { id: 7, history: [1, 2] };
      if (codec === v2Codec) body.objects[0].keypoints.custom_point = { proj: [0.1, 0.2] };
      const out = codec.encode(codec.decode(body, SIZE), SIZE) as any;
      expect(out.request_id).toBe('abc-123');
      expect(out.objects[0].track).toEqual({ id: 7, history: [1, 2] });
      if (codec === v2Codec) expect(out.objects[0].keypoints.custom_point).toEqual({ proj: [0.1, 0.2] });
    }
  });

  it('keeps v1 pixel keypoints untouched when there is no picture to scale them by', () => {
    const body = specExample('template-extractor.v1.request.json');
    const out = v1Codec.encode(v1Codec.decode(body, undefined), undefined) as any;
    expect(out.objects[0].fitter).toEqual(body.objects[0].fitter);
  });

  it('accepts enums in any case and writes each version in its own case', () => {
    const sample = v1Codec.decode({ objects: [{ class: 'face', gender: 'Female', liveness: { value: 'real', confidence: 0.9 }, emotions: [{ emotion: 'happy', confidence: 1 }] }] }, SIZE);
    const v1 = (v1Codec.encode(sample, SIZE).objects as any[])[0];
    const v2 = (v2Codec.encode(sample, SIZE).objects as any[])[0];
    expect([v1.gender, v1.liveness.value, v1.emotions[0].emotion]).toEqual(['FEMALE', 'REAL', 'HAPPY']);
    expect([v2.gender, v2.liveness.value, v2.emotions[0].emotion]).toEqual(['female', 'real', 'happy']);
  });

  it('rejects malformed attributes with 422 entries that locate them', () => {
    const bad = (codec: Codec, body: unknown) => {
      try {
        codec.decode(body as Record<string, unknown>, SIZE);
      } catch (error: any) {
        return { status: error.status, loc: error.detail[0].loc };
      }
      return undefined;
    };
    expect(bad(v2Codec, { objects: [{ bbox: [0, 0, 1] }] })).toEqual({ status: 422, loc: ['body', 'objects', 0, 'bbox'] });
    expect(bad(v2Codec, { objects: 'none' })).toEqual({ status: 422, loc: ['body', 'objects'] });
    expect(bad(v1Codec, { objects: [{}, { fitter: { keypoints: [1, 2, 3] } }] })).toEqual({ status: 422, loc: ['body', 'objects', 1, 'fitter', 'keypoints'] });
    expect(bad(v1Codec, { objects: [{ gender: 'other' }] })).toEqual({ status: 422, loc: ['body', 'objects', 0, 'gender'] });
  });
});
