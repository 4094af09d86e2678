/**
 * Models of the quality unit: none. Every measure is computed from the
 * picture's pixels and the attributes earlier units (detect, fit, mask,
 * emotion) or the client put on the object, so the unit loads nothing and
 * its only declared facts are the reference geometry (preprocess.ts) and
 * the thresholds (thresholds.ts).
 */
export const QUALITY_MODELS: readonly string[] = [];
