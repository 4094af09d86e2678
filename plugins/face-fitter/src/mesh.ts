/**
 * The mesh model's output in picture terms: crop pixels mapped back
 * through the crop's affine map (z scaled like x), and the normalised copy
 * later units read from hints.
 */
import type { Affine } from '@facelab/core';

/** One face's mesh in picture pixels, from the model output at `offset`. */
export function meshToPicture(raw: Float32Array, offset: number, points: number, m: Affine): Float32Array {
  const out = new Float32Array(points * 3);
  const zScale = Math.hypot(m[0], m[3]);
  for (let i = 0; i < points; i++) {
    const x = raw[offset + i * 3];
    const y = raw[offset + i * 3 + 1];
    out[i * 3] = m[0] * x + m[1] * y + m[2];
    out[i * 3 + 1] = m[3] * x + m[4] * y + m[5];
    out[i * 3 + 2] = raw[offset + i * 3 + 2] * zScale;
  }
  return out;
}

/** The mesh normalised to the picture: x / width, y / height, z / width. */
export function normaliseMesh(mesh: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(mesh.length);
  for (let i = 0; i < mesh.length; i += 3) {
    out[i] = mesh[i] / width;
    out[i + 1] = mesh[i + 1] / height;
    out[i + 2] = mesh[i + 2] / width;
  }
  return out;
}
