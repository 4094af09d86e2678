/**
 * The client against the real server (main.ts in its own process, real
 * models) over real HTTP: every service it names is installed, both
 * versions and both routes answer, and errors arrive as typed exceptions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess, type ServerProcess } from '../../../test/helpers/server-process.ts';
import { SERVICES, createClient, type FacelabClient } from './client.ts';
import { FacelabConnectionError, FacelabError, FacelabValidationError } from './errors.ts';
import { toBase64 } from './image.ts';
import { verifyFaces } from './verify.ts';

const demo = (name: string) => readFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo', name));
const sample1 = demo('sample1.jpg');
const sample3 = demo('sample3.jpg');

let server: ServerProcess;
let client: FacelabClient;
beforeAll(async () => {
  server = await startServerProcess({ FACELAB_WORKERS: '1', FACELAB_THREADS: '2' });
  client = createClient({ url: server.url });
});
afterAll(() => server?.stop());

describe('@facelab/client', () => {
  it('names exactly the services the all-in-one server installs', async () => {
    const installed = (await client.services()).services.map((s) => s.name);
    expect([...SERVICES].sort()).toEqual(installed.sort());
    expect((await client.health()).status).toBe('ok');
  });

  it('sends a picture to process/image in both versions, from bytes, an ArrayBuffer or a Blob', async () => {
    const v2 = await client.faceDetector.v2.processImage(sample1);
    expect(v2.objects).toHaveLength(3);
    expect(v2._image?.format).toBe('IMAGE');
    for (const face of v2.objects!) {
      expect(face.class).toBe('face');
      expect(face.bbox).toHaveLength(4);
    }
    const v1 = await client.faceDetector.v1.processImage(sample1.buffer.slice(sample1.byteOffset, sample1.byteOffset + sample1.byteLength));
    expect(v1.objects).toHaveLength(3);
    expect(typeof v1.$image).toBe('string');
    const fitted = await client.faceDetectorFaceFitter.v2.processImage(new Blob([sample3], { type: 'image/jpeg' }));
    const nose = fitted.objects![0]!.keypoints!.nose!.proj;
    expect(nose[0]).toBeGreaterThan(0);
    expect(nose[0]).toBeLessThan(1);
  });

  it('sends samples to process/sample: v1 with $image and boxes, v2 objects from one service to the next', async () => {
    const boxes = (await client.faceDetector.v2.processImage(sample3)).objects!;
    const aged = await client.ageEstimator.v1.processSample({ $image: toBase64(sample3), objects: boxes.map((o) => ({ id: o.id, class: 'face', bbox: o.bbox })) });
    expect(aged.objects).toHaveLength(boxes.length);
    for (const o of aged.objects!) expect(Number(o.age)).toBeGreaterThan(5);
    const gendered = await client.genderEstimator.v2.processSample({ _image: { blob: toBase64(sample3), format: 'IMAGE' }, objects: boxes });
    for (const o of gendered.objects!) expect(['male', 'female']).toContain(o.gender);
  });

  it('passes query options and the request id', async () => {
    // A threshold between the least and the most confident face keeps only the faces above it.
    const confidences = (await client.faceDetector.v2.processImage(sample1)).objects!.map((o) => Number(o.confidence)).sort((a, b) => a - b);
    expect(confidences[0]).toBeLessThan(confidences.at(-1)!);
    const threshold = (confidences[0]! + confidences.at(-1)!) / 2;
    const strict = (await client.faceDetector.v2.processImage(sample1, { params: { face_threshold: threshold }, requestId: 'client-test-7' })).objects!.length;
    expect(strict).toBe(confidences.filter((c) => c >= threshold).length);
    expect(strict).toBeLessThan(confidences.length);
    await expect.poll(() => server.lines().some((l) => l.includes('"reqId":"client-test-7"'))).toBe(true);
  });

  it('verifies the largest faces of two pictures', async () => {
    const same = await verifyFaces(client, sample1, sample1);
    expect(same.verification.distance).toBeLessThan(0.05);
    expect(same.found).toEqual([3, 3]);
    const other = await verifyFaces(client, sample1, sample3);
    expect(other.verification.distance).toBeGreaterThan(same.verification.distance + 0.2);
    expect(other.verification.fa_r).toBeGreaterThan(same.verification.fa_r);
  });

  it('throws typed errors carrying the status and the contract detail', async () => {
    const invalid = await client.faceDetector.v2.processSample({}).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(FacelabValidationError);
    expect((invalid as FacelabValidationError).status).toBe(422);
    expect((invalid as FacelabValidationError).issues[0]!.loc).toEqual(['body', '_image']);

    const missing = await client.service('no-such-service').v2.processImage(sample1).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(FacelabError);
    expect(missing).not.toBeInstanceOf(FacelabValidationError);
    expect((missing as FacelabError).status).toBe(404);
    expect((missing as FacelabError).detail).toContain('face-detector');

    const notPicture = await client.faceDetector.v2.processImage(new TextEncoder().encode('not a picture at all')).catch((e: unknown) => e);
    expect(notPicture).toBeInstanceOf(FacelabError);
    expect((notPicture as FacelabError).status).toBeGreaterThanOrEqual(400);
    expect((notPicture as FacelabError).status).toBeLessThan(500);

    const unreachable = await createClient({ url: 'http://127.0.0.1:18199' }).health().catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(FacelabConnectionError);
    expect((unreachable as Error).message).toContain('127.0.0.1:18199');
  });
});
