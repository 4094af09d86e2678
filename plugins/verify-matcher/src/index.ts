/**
 * @facelab/verify-matcher: 1:1 verification of two face templates, with
 * false acceptance / rejection rates read from a shipped ROC table and a
 * calibrated same-person probability.
 */
import type { Plugin } from '@facelab/core';
import { buildPlugin } from './plugin.ts';

export { verifyUnit, CALIBRATION, CALIBRATIONS, R34_CALIBRATION } from './plugin.ts';
export { templateDistance } from './match.ts';
export { ratesAt, thresholdFor, type Calibration, type Rates } from './roc.ts';

/**
 * The verify-matcher plugin: unit `verify` and service `verify-matcher`
 * (process/sample with exactly two objects carrying templates from
 * @facelab/template-extractor). Answers `verification: {distance, fa_r,
 * fr_r, score}`; a threshold at distance t accepts about fa_r(t) of
 * impostor pairs and rejects about fr_r(t) of genuine ones.
 *
 * @example
 * ```ts
 * const app = await createImageApi({ plugins: [verifyMatcher()], inference: createOrtBackend(), imageCodec: createSharpCodec() });
 * // POST /verify-matcher/v2/process/sample {"objects": [{template: ...}, {template: ...}]}
 * ```
 */
export function verifyMatcher(): Plugin {
  return buildPlugin();
}
