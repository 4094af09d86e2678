/**
 * Where the detector looks. Level 0 is the whole picture letterboxed into
 * the model's square input. Pictures large enough to hold faces too small
 * for that view get finer levels: a larger downscaled copy cut into
 * overlapping input-sized tiles, so every tile is read 1:1 (no resampling
 * beyond the codec's own downscale). BlazeFace finds faces from about 12
 * to 200 input pixels across, so each level covers the faces the one above
 * sees too small.
 */
import { boxToAffine, type Affine } from '@facelab/core';

export interface TilingOptions {
  /** Size ratio between a level's copy and the next finer one (e.g. 1/3: 256, 768, 2304 px). */
  levelRatio: number;
  /** Finest tile side in picture pixels: no level reads the picture more finely than this per input side. */
  minTileSide: number;
  /** Overlap between neighbouring tiles, as a fraction of the tile side; must exceed the largest face a tile keeps. */
  overlap: number;
  /** Whether BlazeFace reads the tile levels (false: the second detector's tiles alone look for small faces). */
  blazeface: boolean;
}

export interface Window {
  /** Top-left corner and side in pixels of the level's copy (may reach past it: padding reads black). */
  x: number;
  y: number;
  side: number;
  /** 0 for the whole-picture view, then 1, 2, ... for finer tiles. */
  level: number;
}

/**
 * The longest side of each level's downscaled copy, coarse to fine, for a
 * picture whose longest side is `longest`. A finer level is added only when
 * it is at least 1.5 times the one above (else it would see nothing new).
 */
export function planLevels(longest: number, inputSize: number, maxSide: number, tiling: TilingOptions): number[] {
  const cap = Math.min(maxSide, (longest * inputSize) / tiling.minTileSide);
  const sizes = [inputSize];
  for (;;) {
    const last = sizes[sizes.length - 1];
    const next = Math.min(last / tiling.levelRatio, cap);
    if (next < last * 1.5) return sizes;
    sizes.push(Math.round(next));
  }
}

/** The windows of one level over its copy of `width` x `height` pixels. */
export function planWindows(width: number, height: number, level: number, inputSize: number, overlap: number): Window[] {
  if (level === 0) {
    const side = Math.max(width, height);
    return [{ x: (width - side) / 2, y: (height - side) / 2, side, level }];
  }
  const windows: Window[] = [];
  for (const y of positions(height, inputSize, overlap)) {
    for (const x of positions(width, inputSize, overlap)) windows.push({ x, y, side: inputSize, level });
  }
  return windows;
}

/** Evenly spread whole-pixel starts of windows of `side` along `length`, neighbours overlapping by at least `overlap` x side. */
function positions(length: number, side: number, overlap: number): number[] {
  if (length <= side) return [(length - side) / 2];
  const n = Math.ceil((length - side) / (side * (1 - overlap))) + 1;
  const step = (length - side) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(i * step));
}

/** The affine map from model input pixels to copy pixels for a window, left-right mirrored for view 1. */
export function windowAffine(window: Window, inputSize: number, view = 0): Affine {
  if (view === 1) return boxToAffine(window.x + window.side, window.y, -window.side, window.side, inputSize, inputSize);
  return boxToAffine(window.x, window.y, window.side, window.side, inputSize, inputSize);
}
