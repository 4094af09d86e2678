/**
 * Labelled scenes that are not dev data, for checking the detector's
 * thresholds elsewhere: mosaics of the andrewmvd face crops in
 * ../shared/train/mask (real photos, masked and not, each crop its manual
 * VOC box plus 10 % a side, so the box is known). Twelve crops a mosaic
 * (4 x 3 cells of 200 px on mid grey), faces shown at 34-128 px but never
 * enlarged past 1.25x, so small faces stay small. Built in memory on each
 * run; nothing is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

type Box = [number, number, number, number];

export interface MosaicScene {
  bytes: Buffer;
  boxes: Box[];
  box_labels: string[];
  width: number;
  height: number;
}

interface CropItem { file: string; width: number; height: number; crop_box?: Box; annotation_box?: Box; annotation_label?: string }

const CELL = 200;
const COLUMNS = 4;
const ROWS = 3;
const SIDES = [34, 44, 56, 72, 96, 128];
const MAX_ENLARGE = 1.25;

export async function mosaicScenes(trainMaskDir: string): Promise<MosaicScene[]> {
  const manifest = join(trainMaskDir, 'manifest.json');
  if (!existsSync(manifest)) return [];
  const crops = (JSON.parse(readFileSync(manifest, 'utf8')).items as CropItem[]).filter((c) => c.crop_box && c.annotation_box);
  const scenes: MosaicScene[] = [];
  const perScene = COLUMNS * ROWS;
  for (let first = 0; first < crops.length; first += perScene) {
    const parts: OverlayOptions[] = [];
    const boxes: Box[] = [];
    const labels: string[] = [];
    for (let k = 0; k < perScene && first + k < crops.length; k++) {
      const c = crops[first + k];
      const [cx, cy] = c.crop_box!;
      const a = c.annotation_box!;
      const f = Math.min(SIDES[(first + k) % SIDES.length] / Math.max(a[2] - a[0], a[3] - a[1]), MAX_ENLARGE);
      const w = Math.max(1, Math.round(c.width * f));
      const h = Math.max(1, Math.round(c.height * f));
      if (w > CELL || h > CELL) continue;
      const left = Math.floor((CELL - w) / 2);
      const top = Math.floor((CELL - h) / 2);
      const ox = (k % COLUMNS) * CELL + left;
      const oy = Math.floor(k / COLUMNS) * CELL + top;
      parts.push({ input: await sharp(join(trainMaskDir, c.file)).resize(w, h).toBuffer(), left: ox, top: oy });
      boxes.push([ox + (a[0] - cx) * f, oy + (a[1] - cy) * f, ox + (a[2] - cx) * f, oy + (a[3] - cy) * f]);
      labels.push(c.annotation_label ?? 'without_mask');
    }
    const width = CELL * COLUMNS;
    const height = CELL * ROWS;
    const bytes = await sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } } }).composite(parts).jpeg({ quality: 90 }).toBuffer();
    scenes.push({ bytes, boxes, box_labels: labels, width, height });
  }
  return scenes;
}
