/**
 * The detector's views of a picture and their input tensors. A view is a
 * region of the picture letterboxed (aspect kept, centred, black borders)
 * into the model's square input. The whole picture is seen at one or more
 * scales; optional tiles look closer at far-away people.
 */
import { boxToAffine, warpToTensor, type Affine, type RawImage, type TensorLayout } from '@facelab/core';

/** A region of the picture in its pixels. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface View {
  /** Model-input pixels to picture pixels. */
  affine: Affine;
  /** Set for a tile: the region it covers, whose inner edges cut people. */
  tile?: Region;
}

/** Tiles are this fraction of each side of the picture (so neighbours overlap by 20% of it). */
const TILE_FRACTION = 0.6;

/**
 * The affine map from model-input pixels to picture pixels that letterboxes
 * `region` into a `size` square, its longer side filling `fill` of it.
 */
export function letterbox(region: Region, size: number, fill = 1): Affine {
  const scale = Math.max(region.w, region.h) / (size * fill);
  const x = region.x - (size * scale - region.w) / 2;
  const y = region.y - (size * scale - region.h) / 2;
  return boxToAffine(x, y, size * scale, size * scale, size, size);
}

/**
 * Longest side of the downscaled copy the views read: twice the model's
 * input side, so the warp averages several source pixels into each input
 * pixel (the whole-picture views) and tiles still see closer.
 */
export function copySide(size: number): number {
  return 2 * size;
}

/** The views of a width x height picture: the whole of it at each scale, then the 2x2 tiles if asked. */
export function planViews(width: number, height: number, size: number, scales: readonly number[], tiles: boolean): View[] {
  const whole: Region = { x: 0, y: 0, w: width, h: height };
  const views: View[] = scales.map((fill) => ({ affine: letterbox(whole, size, fill) }));
  if (!tiles) return views;
  const w = width * TILE_FRACTION;
  const h = height * TILE_FRACTION;
  for (const fy of [0, 1]) {
    for (const fx of [0, 1]) {
      const tile = { x: fx * (width - w), y: fy * (height - h), w, h };
      views.push({ affine: letterbox(tile, size), tile });
    }
  }
  return views;
}

/** Fills one batched input with every view of `image`. */
export function fillViews(image: RawImage, views: readonly View[], layout: TensorLayout): Float32Array {
  const per = layout.width * layout.height * 3;
  const out = new Float32Array(per * views.length);
  views.forEach((view, i) => warpToTensor(image, view.affine, layout, out, i * per));
  return out;
}
