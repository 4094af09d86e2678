/**
 * The gender estimate's model and decision: P(male) from the trained
 * gender head on faceres's features (see @facelab/age-estimator's models.ts
 * for both models' facts), Platt-calibrated on the training faces' out-of-
 * fold scores, so read as male at 0.5 and above. faceres's own output
 * (`heads: false`) is read at 0.6, upstream's rule
 * (`is_male = gender_preds >= 0.6`; Human uses 0.5).
 */
export { FACERES, GENDER_HEAD } from '@facelab/age-estimator';

export const DEFAULT_MALE_THRESHOLD = 0.5;
export const FACERES_MALE_THRESHOLD = 0.6;
