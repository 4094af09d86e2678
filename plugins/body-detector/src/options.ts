/**
 * The body detector's settings: defaults chosen on the dev person boxes and
 * the face-api group photos, overridable per plugin instance, and the
 * per-request `body_threshold` query option.
 */

export interface BodyDetectorOptions {
  /** Default confidence threshold; a request may override it with `?body_threshold=`. */
  threshold?: number;
  /**
   * The whole-picture views, each the fraction of the model's input side the
   * picture's longer side fills (letterboxed, centred). NanoDet scores large
   * and cut-off people low when they fill the frame, so a second, smaller
   * view (0.7) finds them; the best score of the views wins.
   */
  scales?: readonly number[];
  /** Adds a 2x2 grid of overlapping tiles (60% of each side) for small, far-away people in large photos. */
  tiles?: boolean;
  /** Overlap above which two detections are one person. */
  iouThreshold?: number;
  /** At most this many people per picture, the most confident first. */
  maxBodies?: number;
}

export type ResolvedOptions = Required<BodyDetectorOptions>;

export const DEFAULTS: ResolvedOptions = Object.freeze({
  threshold: 0.45,
  scales: Object.freeze([1, 0.7]),
  tiles: false,
  iouThreshold: 0.5,
  maxBodies: 100,
});

export function resolveOptions(options: BodyDetectorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = { ...DEFAULTS, ...options };
  checkUnit('threshold', resolved.threshold);
  checkUnit('iouThreshold', resolved.iouThreshold);
  if (resolved.scales.length === 0 || resolved.scales.some((s) => !(s > 0 && s <= 1))) {
    throw new RangeError(`bodyDetector: scales must be a non-empty list of numbers in (0, 1], got [${resolved.scales.join(', ')}]`);
  }
  if (!(Number.isInteger(resolved.maxBodies) && resolved.maxBodies >= 1)) throw new RangeError(`bodyDetector: maxBodies must be a positive integer, got ${resolved.maxBodies}`);
  return resolved;
}

function checkUnit(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`bodyDetector: ${name} must be between 0 and 1, got ${value}`);
}

export { probabilityParam } from '@facelab/core';
