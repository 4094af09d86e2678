/**
 * One request's picture, decoded lazily and at most once per size: the
 * detector asks for a small copy, crops come from the full image.
 */
import { HttpError, validationError } from '../errors.ts';
import type { BBox } from '../sample.ts';
import { orientedSize, probeImage, type ImageHeader } from './probe.ts';
import type { ImageCodec, RawImage } from './types.ts';

export interface ImageLimits {
  /** Largest accepted picture in bytes (the contract refuses over 4.7 MB). */
  maxBytes: number;
  /** Largest accepted pixel count, checked on the header before decoding (a codec may set a lower one per format). */
  maxPixels: number;
}

/** The reductions forFaces decodes at, coarsest first (see there). */
export const FACE_COPY_REDUCTIONS: readonly number[] = Object.freeze([4]);

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
    // A few hundred bytes of compressed data may declare a huge picture: refuse it before a decoder allocates for it.
    const maxPixels = Math.min(limits.maxPixels, codec.maxPixels?.[header.format] ?? Number.POSITIVE_INFINITY);
    if (header.width * header.height > maxPixels) {
      throw new HttpError(413, `Image too large: ${header.width}x${header.height} pixels exceeds the limit of ${maxPixels} for ${header.format.toUpperCase()}`);
    }
    return new ImageSource(bytes, header, codec);
  }

  /** Decodes a small copy unless some copy was decoded already, so a broken picture is refused even when no unit looked at it. */
  async validate(): Promise<void> {
    if (this.#decoded.size === 0) await this.scaled(64);
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

  /**
   * A copy fine enough to crop these faces from: the most reduced of
   * `FACE_COPY_REDUCTIONS` that still holds `outSize` pixels across the
   * smallest crop (a crop being `margin` times a face box's longer side),
   * else the full picture. Large faces in large photos then cost a
   * fraction of a full decode, and the warp into the model's input samples
   * fewer pixels.
   *
   * One reduced copy only, 1/4 (sharp decodes the JPEG at 1/2 and halves
   * it): a copy 2 or 3 times smaller would cost a full decode and a resize
   * on top (sharp shrinks on load only by less than the reduction), and
   * with several reduced copies the units of one request (fit, extract,
   * locate, the attribute crops), whose needs differ by about 2x, would
   * each decode their own. With one, they share one decode.
   */
  forFaces(boxes: readonly BBox[], margin: number, outSize: number): Promise<RawImage> {
    const smallest = Math.min(...boxes.map((b) => Math.max((b[2] - b[0]) * this.width, (b[3] - b[1]) * this.height) * margin));
    const reduction = FACE_COPY_REDUCTIONS.find((r) => smallest / r >= outSize);
    return reduction === undefined || !Number.isFinite(smallest) ? this.full() : this.#reduced(reduction);
  }

  /**
   * Starts decoding, in the background, the reduced copy forFaces(boxes,
   * margin, outSize) picks for faces that fill the picture, before any box
   * is known: the codec decodes off this thread while a detector runs, and
   * the unit that crops the faces later finds the copy ready. Nothing
   * starts when no face could be large enough for a reduced copy; the copy
   * is wasted when the faces found are smaller (the full picture is
   * decoded then, as without this).
   */
  prefetchForFaces(margin: number, outSize: number): void {
    const largest = Math.min(this.width, this.height) * margin;
    const reduction = FACE_COPY_REDUCTIONS.find((r) => largest / r >= outSize);
    // A broken picture is refused by whichever unit asks for a copy; the prefetch itself reports nothing.
    if (reduction !== undefined) this.#reduced(reduction).catch(() => {});
  }

  #reduced(reduction: number): Promise<RawImage> {
    return this.scaled(Math.ceil(Math.max(this.width, this.height) / reduction));
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
