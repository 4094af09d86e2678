import type { ImageFormat } from './probe.ts';

/** A decoded picture: interleaved 8-bit RGB, EXIF orientation already applied. */
export interface RawImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface DecodeOptions {
  /**
   * Largest side wanted. A codec may decode smaller directly (JPEG
   * shrink-on-load) and returns the real size; the result's largest side is
   * at most maxSide.
   */
  maxSide?: number;
}

/** The image decoding backend the app is given (sharp on Node and Bun, jimp anywhere). */
export interface ImageCodec {
  readonly name: string;
  /** The most pixels this codec decodes in reasonable time and memory, per format; the app refuses larger pictures from their header. */
  readonly maxPixels?: Partial<Record<ImageFormat, number>>;
  decode(bytes: Uint8Array, options?: DecodeOptions): Promise<RawImage>;
}
