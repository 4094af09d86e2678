/**
 * The second detector's look (RFB-320, see models.ts): the whole view, and
 * when small faces are likely a few tiles of the detector's finest copy.
 * Its boxes are mapped onto BlazeFace's box and join BlazeFace's candidates
 * in the weighted NMS, where a face's score is the better of the two
 * detectors' scores (see postprocess.ts). The model's batch is fixed at
 * one, so windows run one after the other.
 */
import { boxToAffine, float32Tensor, nms, warpToTensor, type BBox, type ModelSession, type RawImage } from '@facelab/core';
import type { Candidate } from './decode.ts';
import type { SecondDetectorModel } from './models.ts';
import { adjustBox } from './postprocess.ts';

/** A window of a copy, in its pixels: x, y, width, height (the model's 4:3 aspect for tiles). */
export type Rect = [number, number, number, number];

/** Overlap of neighbouring tiles, as a share of a tile's width. */
const TILE_OVERLAP = 0.25;
/** A tile keeps faces up to this share of its width (larger ones are the whole view's). */
const TILE_MAX_FACE = 0.5;
/** Overlap above which two of its boxes are one face. */
const NMS_IOU = 0.3;

/** Tiles of the model's aspect: `columns` across, as many rows as cover the copy with the same overlap. */
export function secondLookTiles(width: number, height: number, aspect: number, columns: number): Rect[] {
  const w = width / (columns - (columns - 1) * TILE_OVERLAP);
  const h = w / aspect;
  const rows = h >= height ? 1 : Math.ceil((height - h) / (h * (1 - TILE_OVERLAP))) + 1;
  const tiles: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    const y = rows === 1 ? (height - h) / 2 : (r * (height - h)) / (rows - 1);
    for (let c = 0; c < columns; c++) tiles.push([columns === 1 ? (width - w) / 2 : (c * (width - w)) / (columns - 1), y, w, h]);
  }
  return tiles;
}

/** Whether a tile keeps a box (copy pixels): not cut by a tile edge inside the copy, and small enough. */
function tileKeeps(box: Candidate['box'], tile: Rect, width: number, height: number): boolean {
  const [x, y, w, h] = tile;
  if (box[2] - box[0] > TILE_MAX_FACE * w) return false;
  if (x > 0 && box[0] < x) return false;
  if (y > 0 && box[1] < y) return false;
  if (x + w < width && box[2] > x + w) return false;
  if (y + h < height && box[3] > y + h) return false;
  return true;
}

/**
 * Candidates (normalised to the copy, no keypoints; `box` in BlazeFace's
 * convention, `face` in the reported one) from the whole copy (`columns` 0)
 * or from its tiles.
 */
export async function secondLook(session: ModelSession, model: SecondDetectorModel, copy: RawImage, columns: number, minScore: number): Promise<Candidate[]> {
  const { width: ow, height: oh } = model.tensor;
  const tiles = columns > 0;
  const windows: Rect[] = tiles ? secondLookTiles(copy.width, copy.height, ow / oh, columns) : [[0, 0, copy.width, copy.height]];
  const input = new Float32Array(3 * ow * oh);
  const boxes: BBox[] = [];
  const scores: number[] = [];
  for (const win of windows) {
    warpToTensor(copy, boxToAffine(win[0], win[1], win[2], win[3], ow, oh), model.tensor, input, 0);
    const out = await session.run({ [model.input]: float32Tensor(input, [1, 3, oh, ow]) }, [model.scores, model.boxes]);
    const priorScores = out[model.scores].data as Float32Array;
    const priorBoxes = out[model.boxes].data as Float32Array;
    for (let i = 0; i * model.classes < priorScores.length; i++) {
      const score = priorScores[i * model.classes + model.faceClass];
      if (score < minScore) continue;
      const b = priorBoxes.subarray(i * 4, i * 4 + 4);
      const box: Candidate['box'] = [win[0] + b[0] * win[2], win[1] + b[1] * win[3], win[0] + b[2] * win[2], win[1] + b[3] * win[3]];
      if (tiles && !tileKeeps(box, win, copy.width, copy.height)) continue;
      boxes.push([box[0] / copy.width, box[1] / copy.height, box[2] / copy.width, box[3] / copy.height]);
      scores.push(score);
    }
  }
  // Many priors fire on one face: keep the best of each (one box per face, so BlazeFace's candidates steer the blend).
  // `box` sits where BlazeFace's would (for the fusion's overlaps); `face` is the reported convention.
  return nms(boxes, scores, NMS_IOU).map((i) => ({
    box: adjustBox(boxes[i], model.toBlazeFace) as Candidate['box'],
    face: adjustBox(boxes[i], model.faceBox) as Candidate['box'],
    score: scores[i],
    keypoints: [],
    view: 0,
    source: 'second',
  }));
}
