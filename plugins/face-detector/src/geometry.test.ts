/** Model-free checks of the detector's planning, decoding and merging. */
import { describe, expect, it } from 'vitest';
import { HttpError } from '@facelab/core';
import { anchorCentres, decodeWindow, logit, type Candidate } from './decode.ts';
import { BLAZEFACE_BACK } from './models.ts';
import { DEFAULTS, probabilityParam, resolveOptions } from './options.ts';
import { adjustBox, tileKeeps, toFaces, weightedNms } from './postprocess.ts';
import { planLevels, planWindows, windowAffine } from './preprocess.ts';

const TILING = { levelRatio: 1 / 3, minTileSide: 384, overlap: 0.3, blazeface: true };

const candidate = (box: Candidate['box'], score: number, view = 0): Candidate => ({ box, score, keypoints: [box[0], box[1], box[2], box[1], 0, 0, 0, 0, 0, 0, 0, 0], view });

describe('levels and windows', () => {
  it('adds a finer level only for pictures large enough to need it', () => {
    expect(planLevels(300, 256, 768, TILING)).toEqual([256]);
    expect(planLevels(1920, 256, 768, TILING)).toEqual([256, 768]);
    expect(planLevels(4000, 256, 1600, TILING)).toEqual([256, 768, 1600]);
  });

  it('letterboxes the whole picture at level 0 and covers a copy with overlapping tiles', () => {
    expect(planWindows(256, 171, 0, 256, 0.3)).toEqual([{ x: 0, y: -42.5, side: 256, level: 0 }]);
    const tiles = planWindows(768, 512, 1, 256, 0.3);
    expect(tiles).toHaveLength(12);
    const xs = [...new Set(tiles.map((t) => t.x))];
    expect(xs[0]).toBe(0);
    expect(xs[xs.length - 1] + 256).toBe(768);
    for (let i = 1; i < xs.length; i++) expect(xs[i - 1] + 256 - xs[i]).toBeGreaterThanOrEqual(0.3 * 256);
  });

  it('mirrors view 1 left-right', () => {
    const w = { x: 10, y: 20, side: 256, level: 1 };
    expect(windowAffine(w, 256)).toEqual([1, 0, 10, 0, 1, 20]);
    expect(windowAffine(w, 256, 1)).toEqual([-1, 0, 266, 0, 1, 20]);
  });
});

describe('decoding', () => {
  it('places 896 anchors at cell centres, fine grid first', () => {
    const a = anchorCentres(BLAZEFACE_BACK);
    expect(a.length).toBe(896 * 2);
    expect([a[0], a[1], a[2], a[3]]).toEqual([8, 8, 8, 8]);
    expect([a[512 * 2], a[512 * 2 + 1]]).toEqual([16, 16]);
    expect([a[895 * 2], a[895 * 2 + 1]]).toEqual([240, 240]);
  });

  it('decodes centre offsets and absolute sizes, swaps keypoint sides in a mirrored view', () => {
    const scores = new Float32Array(512).fill(-10);
    const boxes = new Float32Array(512 * 16);
    const coarse = { scores: new Float32Array(384).fill(-10), boxes: new Float32Array(384 * 16) };
    scores[3] = logit(0.9);
    boxes.set([2, -1, 40, 50, -10, -5, 10, -5, 0, 0, 0, 10, -20, 0, 20, 0], 3 * 16);
    const outputs = {
      Identity: { type: 'float32' as const, data: scores, dims: [1, 512, 1] },
      Identity_2: { type: 'float32' as const, data: boxes, dims: [1, 512, 16] },
      Identity_1: { type: 'float32' as const, data: coarse.scores, dims: [1, 384, 1] },
      Identity_3: { type: 'float32' as const, data: coarse.boxes, dims: [1, 384, 16] },
    };
    const anchors = anchorCentres(BLAZEFACE_BACK);
    const [c] = decodeWindow(BLAZEFACE_BACK, anchors, outputs, [2, 0, 100, 0, 2, 0], 0.5);
    // Anchor 3 sits in cell (row 0, col 1): centre (24, 8); the picture is the input scaled by 2 plus (100, 0).
    expect(c.score).toBeCloseTo(0.9, 5);
    expect(c.box).toEqual([100 + 2 * (26 - 20), 2 * (7 - 25), 100 + 2 * (26 + 20), 2 * (7 + 25)]);
    expect(c.keypoints.slice(0, 4)).toEqual([100 + 2 * 14, 2 * 3, 100 + 2 * 34, 2 * 3]);
    const [m] = decodeWindow(BLAZEFACE_BACK, anchors, outputs, [-2, 0, 612, 0, 2, 0], 0.5, 1);
    expect(m.box[0]).toBeLessThan(m.box[2]);
    // In the mirrored view keypoint 0 reads the model's keypoint 1, mapped back through the mirror.
    expect(m.keypoints[0]).toBe(612 - 2 * 34);
    expect(decodeWindow(BLAZEFACE_BACK, anchors, outputs, [1, 0, 0, 0, 1, 0], 0.95)).toHaveLength(0);
  });
});

describe('merging and faces', () => {
  it('blends overlapping detections and keeps separate faces apart', () => {
    const merged = weightedNms([candidate([0, 0, 10, 10], 0.9), candidate([1, 1, 11, 11], 0.6), candidate([50, 50, 60, 60], 0.7)], 0.3);
    expect(merged).toHaveLength(2);
    expect(merged[0].score).toBe(0.9);
    expect(merged[0].box[0]).toBeCloseTo(0.6 / 1.5, 6);
  });

  it('scores a mirrored pair by the mean of its views and drops a box inside a better one', () => {
    const [face] = weightedNms([candidate([0, 0, 10, 10], 0.9), candidate([0, 0, 10, 10], 0.5, 1)], 0.3, 2);
    expect(face.score).toBeCloseTo(0.7, 6);
    expect(weightedNms([candidate([0, 0, 100, 100], 0.9), candidate([20, 20, 50, 50], 0.6)], 0.3)).toHaveLength(1);
  });

  it('keeps only the faces a tile is responsible for', () => {
    const tile = { x: 100, y: 100, side: 256, level: 1 };
    expect(tileKeeps(candidate([150, 150, 190, 190], 0.9), tile, 768, 512, 0.25)).toBe(true);
    expect(tileKeeps(candidate([150, 150, 250, 250], 0.9), tile, 768, 512, 0.25)).toBe(false);
    expect(tileKeeps(candidate([90, 150, 130, 190], 0.9), tile, 768, 512, 0.25)).toBe(false);
    expect(tileKeeps(candidate([90, 150, 130, 190], 0.9), { ...tile, x: 0 }, 768, 512, 0.25)).toBe(true);
  });

  it('numbers faces by confidence, then top-to-bottom, and clamps boxes', () => {
    const faces = toFaces([candidate([0.5, 0.5, 0.6, 0.6], 0.8), candidate([0.1, 0.2, 0.2, 0.3], 0.8), candidate([-0.05, 0.9, 0.1, 1.1], 0.95)], 10);
    expect(faces.map((f) => f.id)).toEqual([0, 1, 2]);
    expect(faces.map((f) => f.confidence)).toEqual([0.95, 0.8, 0.8]);
    faces[0].bbox!.forEach((v, i) => expect(v).toBeCloseTo([0, 0.9, 0.1, 1][i], 9));
    faces[1].bbox!.forEach((v, i) => expect(v).toBeCloseTo([0.1, 0.2, 0.2, 0.3][i], 9));
    expect(faces[0].class).toBe('face');
    expect(faces[0].hints?.detectorKeypoints).toHaveLength(6);
    expect(toFaces([candidate([0, 0, 0.1, 0.1], 0.9), candidate([0.5, 0.5, 0.6, 0.6], 0.8)], 1)).toHaveLength(1);
  });

  it('turns the model box into the face box by a fixed shift and scale', () => {
    const [x1, y1, x2, y2] = adjustBox([0.2, 0.2, 0.4, 0.4], { dx: 0, dy: -0.1, width: 0.5, height: 2 });
    expect([x1, y1, x2, y2].map((v) => Number(v.toFixed(6)))).toEqual([0.25, 0.08, 0.35, 0.48]);
  });
});

describe('options', () => {
  it('reads face_threshold and refuses what is not a probability', () => {
    expect(probabilityParam({}, 'face_threshold', 0.5)).toBe(0.5);
    expect(probabilityParam({ face_threshold: '0.7' }, 'face_threshold', 0.5)).toBe(0.7);
    for (const bad of ['abc', '-0.1', '1.5', 'NaN']) {
      const error = (() => {
        try {
          probabilityParam({ face_threshold: bad }, 'face_threshold', 0.5);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(422);
      expect((error as HttpError).detail).toEqual([expect.objectContaining({ loc: ['query', 'face_threshold'] })]);
    }
  });

  it('keeps the second detector\'s defaults for the settings an option leaves out', () => {
    expect(resolveOptions({ secondLook: { minScore: 0.8 } }).secondLook).toEqual({ ...DEFAULTS.secondLook, minScore: 0.8 });
    expect(resolveOptions({ secondLook: false }).secondLook).toBe(false);
  });

  it('refuses bad plugin options at construction', () => {
    expect(() => resolveOptions({ threshold: 2 })).toThrow(RangeError);
    expect(resolveOptions({ tiling: { overlap: 0.4 } }).tiling).toEqual({ ...TILING, overlap: 0.4 });
  });
});

describe('fusion with the second detector', () => {
  const second = (box: Candidate['box'], score: number, face = box): Candidate => ({ box, face, score, keypoints: [], view: 0, source: 'second' });

  it('scores a face by the more confident detector, keeps BlazeFace keypoints and reports the mean of both reported boxes', () => {
    const faint = { ...candidate([0.1, 0.1, 0.3, 0.3], 0.4, 0), face: [0.1, 0.12, 0.3, 0.34] as Candidate['box'] };
    const sure = second([0.11, 0.1, 0.31, 0.3], 0.97, [0.12, 0.1, 0.32, 0.3]);
    const [face] = weightedNms([faint, sure], 0.3, 2);
    expect(face.score).toBeCloseTo(0.97);
    face.keypoints.forEach((v, i) => expect(v).toBeCloseTo(faint.keypoints[i], 9));
    // The overlap box stays BlazeFace's; the reported one weighs each detector equally, whatever their scores.
    face.box.forEach((v, i) => expect(v).toBeCloseTo(faint.box[i], 9));
    face.face!.forEach((v, i) => expect(v).toBeCloseTo([0.11, 0.11, 0.31, 0.32][i], 9));
    toFaces([face], 10)[0].bbox!.forEach((v, i) => expect(v).toBeCloseTo([0.11, 0.11, 0.31, 0.32][i], 9));
  });

  it('lets BlazeFace lead where the second detector is less sure, mirrored views averaged', () => {
    const [face] = weightedNms([candidate([0.1, 0.1, 0.3, 0.3], 0.9, 0), candidate([0.1, 0.1, 0.3, 0.3], 0.8, 1), second([0.1, 0.1, 0.3, 0.3], 0.5)], 0.3, 2);
    expect(face.score).toBeCloseTo(0.85);
  });

  it('scores a face both detectors are unsure of by the mean of their scores; an unsure second-detector box alone is no face', () => {
    const weak = (box: Candidate['box'], score: number): Candidate => ({ ...second(box, score), weak: true });
    const [face] = weightedNms([candidate([0.1, 0.1, 0.3, 0.3], 0.4, 0), candidate([0.1, 0.1, 0.3, 0.3], 0.36, 1), weak([0.1, 0.11, 0.3, 0.31], 0.7)], 0.3, 2);
    expect(face.score).toBeCloseTo((0.38 + 0.7) / 2);
    expect(weightedNms([weak([0.5, 0.5, 0.6, 0.6], 0.8)], 0.3, 2)).toEqual([]);
    expect(weightedNms([weak([0.5, 0.5, 0.6, 0.6], 0.8), weak([0.51, 0.5, 0.61, 0.6], 0.7)], 0.3, 2)).toEqual([]);
    // It backs the score, not the box: the face keeps BlazeFace's framing.
    face.face!.forEach((v, i) => expect(v).toBeCloseTo([0.1, 0.1, 0.3, 0.3][i], 9));
    // Nor does it push out a face lying inside it.
    const inside = candidate([0.52, 0.52, 0.58, 0.58], 0.7);
    expect(weightedNms([weak([0.4, 0.4, 0.7, 0.7], 0.8), inside], 0.3, 1)).toHaveLength(1);
  });

  it('reports a face only the second detector found without keypoints', () => {
    const [face] = toFaces(weightedNms([second([0.5, 0.5, 0.6, 0.6], 0.95)], 0.3, 2), 10);
    face.bbox!.forEach((v, i) => expect(v).toBeCloseTo([0.5, 0.5, 0.6, 0.6][i], 9));
    expect(face.hints).toEqual({});
  });
});
