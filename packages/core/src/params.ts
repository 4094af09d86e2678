/** Request options from the query string, checked the same way by every plugin. */
import { validationError } from './errors.ts';

/** A probability-valued query option, e.g. `face_threshold=0.6`; a 422 at ["query", name] when it is not a number in [0, 1]. (The app refuses a `*_threshold` of 0 before any unit runs: see checkThresholds.) */
export function probabilityParam(params: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = params[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw validationError(['query', name], `${name} must be a number between 0 and 1, got "${raw}"`);
  return value;
}
