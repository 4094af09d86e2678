/**
 * The gender estimate's model and decision: faceres's P(male) (see
 * @facelab/age-estimator's models.ts for the model's facts), read as male at
 * 0.6 and above, upstream's rule (`is_male = gender_preds >= 0.6`); Human
 * uses 0.5. On the dev set the two differ by about one point either way
 * depending on the crop (figures in the README).
 */
export { FACERES } from '@facelab/age-estimator';

export const DEFAULT_MALE_THRESHOLD = 0.6;
