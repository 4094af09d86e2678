/**
 * The gender estimate's model and decision: faceres's P(male) (see
 * @facelab/age-estimator's models.ts for the model's facts), read as male at
 * 0.5 and above. Upstream uses 0.6; on the dev set 0.5 was as good or better
 * (both figures are in the README).
 */
export { FACERES } from '@facelab/age-estimator';

export const DEFAULT_MALE_THRESHOLD = 0.5;
