/** What a contract version's codec does; units never see wire JSON. */
import type { Sample } from '../sample.ts';

export interface ImageSize {
  width: number;
  height: number;
}

export interface ImageBlob {
  base64: string;
  /** Where the blob sits in the body, for error locations. */
  loc: (string | number)[];
}

export interface Codec {
  readonly version: 'v1' | 'v2';
  /** The picture's base64 text and its location, checking its shape; undefined when the body has none. */
  imageBlob(body: Record<string, unknown>): ImageBlob | undefined;
  /** The name of the image field, for "Field required" errors. */
  readonly imageLoc: (string | number)[];
  /** Decodes objects and unknown fields; pixel keypoints need the (oriented) picture size. */
  decode(body: Record<string, unknown>, size: ImageSize | undefined): Sample;
  encode(sample: Sample, size: ImageSize | undefined): Record<string, unknown>;
}
