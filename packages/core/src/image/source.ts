/**
 * One request's picture, decoded lazily and at most once per size: the
 * detector asks for a small copy, crops come from the full image.
 */
import { validationError } from '../errors.ts';
import { orientedSize, probeImage, type ImageHeader } from './probe.ts';
import type { ImageCodec, RawImage } from './types.ts';

export interface ImageLimits {
  /** Largest accepted picture in bytes (the contract refuses over 4.7 MB). */
  maxBytes: number;
  /** Largest accepted pixel count, checked on the header before decoding. */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 4_700_000, maxPixels: 50_000_000 };

export class ImageSource {
  readonly header: ImageHeader;
  readonly width: number;
  readonly height: number;
  readonly bytes: Uint8Array;
  readonly #codec: ImageCodec;
  readonly #decoded = new Map<number, Promise<RawImage>>();

  private constructor(bytes: Uint8Array, header: ImageHeader, codec: ImageCodec) {
    this.bytes = bytes;
    this.header = header;
    const size = orientedSize(header);
    this.width = size.width;
    this.height = size.height;
    this.#codec = codec;
  }

  /**
   * Checks the header and the limits; `loc` names where the blob sat in the
   * request, for the 422 a client gets when the bytes are not a picture.
   */
  static open(bytes: Uint8Array, codec: ImageCodec, limits: ImageLimits, loc: (string | number)[]): ImageSource {
    const header = probeImage(bytes);
    if (!header) throw validationError(loc, 'Invalid image: expected a JPEG, PNG, WebP or BMP picture', 'value_error.image');
    if (header.width * header.height > limits.maxPixels) {
      throw validationError(loc, `Image too large: ${header.width}x${header.height} pixels exceeds the limit of ${limits.maxPixels}`, 'value_error.image.pixels');
    }
    return new ImageSource(bytes, header, codec);
  }

  /** The full-resolution picture. */
  full(): Promise<RawImage> {
    return this.#decode(0);
  }

  /** A copy whose largest side is at most maxSide (the full picture when it is already that small). */
  scaled(maxSide: number): Promise<RawImage> {
    if (Math.max(this.width, this.height) <= maxSide) return this.full();
    return this.#decode(maxSide);
  }

  #decode(maxSide: number): Promise<RawImage> {
    let pending = this.#decoded.get(maxSide);
    if (!pending) {
      pending = this.#codec.decode(this.bytes, maxSide > 0 ? { maxSide } : {}).catch(() => {
        throw validationError(['body', 'image'], 'Invalid image: the picture could not be decoded', 'value_error.image');
      });
      this.#decoded.set(maxSide, pending);
    }
    return pending;
  }
}
