/**
 * The candidate the service implements (train/loso.ts names): a logistic
 * regression over fr-liveness-embed's 128 values, L2 100. Chosen by the
 * leave-one-source-out figures: worst-source ACER ties at about 0.50 for
 * every candidate (some source is always at chance), and it has the lowest
 * mean ACER and the highest mean AUC.
 */
export const SERVED_CANDIDATE = 'LR embedding l2=100';
