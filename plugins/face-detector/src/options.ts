/**
 * The detector's settings: defaults chosen on the dev figures, overridable
 * per plugin instance, and the per-request `face_threshold` query option.
 */
import type { TilingOptions } from './preprocess.ts';
import type { VerifyOptions } from './verify.ts';

export interface FaceDetectorOptions {
  /** Default confidence threshold; a request may override it with `?face_threshold=`. */
  threshold?: number;
  /** Largest side of the downscaled copy the detector looks at. */
  maxSide?: number;
  tiling?: Partial<TilingOptions>;
  /** Overlap above which two detections are one face. */
  iouThreshold?: number;
  /** At tile levels, the largest face a tile keeps, as a fraction of its side. */
  maxTileFace?: number;
  /** At most this many faces per picture, the most confident first. */
  maxFaces?: number;
  /** Also run every window mirrored and score each face by both views (twice the model work, fewer false faces). */
  mirror?: boolean;
  /**
   * When the finer tile levels run: 'always', or 'auto' (default) — only when
   * the whole-picture view finds no face, or finds one smaller than
   * `autoTileFace` of the picture's longest side (faces that small suggest
   * others too small for that view). A portrait or selfie then costs one
   * model run instead of a dozen; faces far smaller than the largest ones in
   * a picture that holds only big faces can be missed in 'auto'.
   */
  tiles?: 'auto' | 'always';
  autoTileFace?: number;
  /**
   * In 'auto', a whole-view candidate of either detector scoring at least
   * this (under the threshold) and smaller than `autoTileFace` also calls
   * the tiles: a small face the whole view half sees.
   */
  autoTileScore?: number;
  /** Check detections below `below` with the face mesh model's face flag; false to trust every detection. */
  verify?: VerifyOptions | false;
  /**
   * The second detector (RFB-320) on the whole view, and on tiles whenever
   * small faces are likely (as for BlazeFace's tile level); its faces
   * scoring at least `minScore` are fused with BlazeFace's. false:
   * BlazeFace alone.
   */
  secondLook?: Partial<SecondLookOptions> | false;
}

export interface SecondLookOptions {
  /** The second detector's score from which its boxes count. */
  minScore: number;
  /** Columns of tiles it reads when small faces are likely (0: the whole view only). */
  columns: number;
  /** Longest side of the copy its tiles are cut from (the whole picture when smaller: tiles then enlarge it). */
  tileSide: number;
  /**
   * From this score (under `minScore`) its boxes back a face BlazeFace also
   * saw: such a face scores the mean of the two detectors' scores.
   */
  agreeScore: number;
}

export type ResolvedOptions = Required<Omit<FaceDetectorOptions, 'tiling' | 'secondLook'>> & { tiling: TilingOptions; secondLook: SecondLookOptions | false };

export const DEFAULTS: ResolvedOptions = Object.freeze({
  threshold: 0.5,
  maxSide: 768,
  tiling: Object.freeze({ levelRatio: 1 / 3, minTileSide: 384, overlap: 0.3, blazeface: true }),
  iouThreshold: 0.3,
  maxTileFace: 0.25,
  maxFaces: 200,
  mirror: true,
  tiles: 'auto',
  autoTileFace: 0.11,
  autoTileScore: 0.5,
  verify: Object.freeze({ below: 0.6, minFlag: 0.01 }),
  secondLook: Object.freeze({ minScore: 0.9, columns: 2, tileSide: 768, agreeScore: 0.6 }),
});

export function resolveOptions(options: FaceDetectorOptions = {}): ResolvedOptions {
  // Settings of the second detector left out keep their defaults (agreeScore came later than the others).
  const secondLook = options.secondLook === false ? false : { ...(DEFAULTS.secondLook as SecondLookOptions), ...options.secondLook };
  const resolved: ResolvedOptions = { ...DEFAULTS, ...options, tiling: { ...DEFAULTS.tiling, ...options.tiling }, secondLook };
  checkUnit('threshold', resolved.threshold);
  checkUnit('iouThreshold', resolved.iouThreshold);
  if (!(resolved.maxSide >= 64)) throw new RangeError(`faceDetector: maxSide must be at least 64, got ${resolved.maxSide}`);
  return resolved;
}

function checkUnit(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`faceDetector: ${name} must be between 0 and 1, got ${value}`);
}

export { probabilityParam } from '@facelab/core';
