/** Builds BMP files byte by byte, for pictures whose header says more than their data holds. */

/** An 8-bit RLE-compressed BMP declaring width x height whose data ends at once: about a kilobyte for any size. */
export function rle8Bmp(width: number, height: number): Uint8Array {
  const palette = 256 * 4;
  const data = [0x00, 0x01]; // RLE8 "end of bitmap"
  const offset = 14 + 40 + palette;
  const bytes = new Uint8Array(offset + data.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 8, true);
  view.setUint32(30, 1, true); // BI_RLE8
  view.setUint32(34, data.length, true);
  view.setUint32(46, 256, true);
  bytes.set(data, offset);
  return bytes;
}
