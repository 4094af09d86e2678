/**
 * Verifies the main faces of two pictures: templates from
 * face-detector-template-extractor, the largest face of each, then
 * verify-matcher on the pair. What the CLI's `verify` runs; useful alone.
 */
import type { FacelabClient, RequestOptions } from './client.ts';
import type { ImageInput } from './image.ts';
import type { V2Object, Verification } from './wire.ts';

export interface FaceVerification {
  verification: Verification;
  /** The face compared in each picture (with its template). */
  faces: [V2Object, V2Object];
  /** Faces found in each picture. */
  found: [number, number];
}

const area = (o: V2Object): number => (o.bbox ? (o.bbox[2] - o.bbox[0]) * (o.bbox[3] - o.bbox[1]) : 0);

/** The largest face of a sample, or undefined. */
export function largestFace(objects: V2Object[] | undefined): V2Object | undefined {
  return (objects ?? []).filter((o) => o.class === 'face' && o.template).reduce<V2Object | undefined>((best, o) => (!best || area(o) > area(best) ? o : best), undefined);
}

export class NoFaceError extends Error {
  readonly picture: number;

  constructor(picture: number) {
    super(`No face found in picture ${picture + 1}`);
    this.name = 'NoFaceError';
    this.picture = picture;
  }
}

export async function verifyFaces(client: FacelabClient, first: ImageInput, second: ImageInput, options?: RequestOptions): Promise<FaceVerification> {
  const samples = [await client.faceDetectorTemplateExtractor.v2.processImage(first, options), await client.faceDetectorTemplateExtractor.v2.processImage(second, options)];
  const faces = samples.map((s, i) => {
    const face = largestFace(s.objects);
    if (!face) throw new NoFaceError(i);
    return face;
  }) as [V2Object, V2Object];
  const answer = await client.verifyMatcher.v2.processSample({ objects: faces.map((f) => ({ class: 'face', template: f.template })) }, options);
  if (!answer.verification) throw new Error('verify-matcher answered without a verification');
  return { verification: answer.verification, faces, found: [samples[0]!.objects?.length ?? 0, samples[1]!.objects?.length ?? 0] };
}
