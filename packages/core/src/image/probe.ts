/**
 * Reads a picture's format, size and EXIF orientation from its header
 * alone, so that decompression bombs and unsupported formats are refused
 * before any decoder runs. JPEG, PNG, WebP and BMP.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'bmp';

export interface ImageHeader {
  format: ImageFormat;
  /** Stored size, before orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1..8 (1 when absent). */
  orientation: number;
}

/** Size as displayed: orientations 5..8 swap the axes. */
export function orientedSize(header: ImageHeader): { width: number; height: number } {
  return header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

/** The header of a supported picture, or null when the bytes are none of the supported formats (or truncated). */
export function probeImage(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 16) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return probeJpeg(bytes, view);
  if (view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    if (bytes.length < 24) return null;
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20), orientation: 1 };
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return probeWebp(bytes, view);
  if (bytes[0] === 0x42 && bytes[1] === 0x4d && bytes.length >= 26) {
    const width = view.getInt32(18, true);
    const height = Math.abs(view.getInt32(22, true));
    return width > 0 && height > 0 ? { format: 'bmp', width, height, orientation: 1 } : null;
  }
  return null;
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + n));
}

function probeJpeg(bytes: Uint8Array, view: DataView): ImageHeader | null {
  let offset = 2;
  let orientation = 1;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = view.getUint16(offset + 2);
    // SOF0..SOF15 carry the frame size (C4, C8 and CC are other segments).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return null;
      const height = view.getUint16(offset + 5);
      const width = view.getUint16(offset + 7);
      return width > 0 && height > 0 ? { format: 'jpeg', width, height, orientation } : null;
    }
    if (marker === 0xe1 && ascii(bytes, offset + 4, 4) === 'Exif') {
      orientation = exifOrientation(view, offset + 10, Math.min(bytes.length, offset + 2 + length)) ?? orientation;
    }
    offset += 2 + length;
  }
  return null;
}

/** Orientation tag (0x0112) of IFD0 in a TIFF block starting at `tiff`. */
function exifOrientation(view: DataView, tiff: number, end: number): number | null {
  if (tiff + 8 > end) return null;
  const little = view.getUint16(tiff) === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return null;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

function probeWebp(bytes: Uint8Array, view: DataView): ImageHeader | null {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff, orientation: 1 };
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = view.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, orientation: 1 };
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const width = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
    const height = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
    return { format: 'webp', width, height, orientation: 1 };
  }
  return null;
}
