/**
 * The candidate the service implements (train/loso.ts names): a logistic
 * regression over fr-liveness-embed's 128 values divided by their length,
 * L2 300. Chosen by the leave-one-source-out figures (worst-source ACER,
 * then mean ACER): the unit-length fits are the only ones whose worst
 * source rounds below 0.50 (0.491, jtboing), and of them L2 300 has the
 * lowest mean ACER (0.264, against 0.276 for the first round's
 * `LR embedding l2=100`). The margin is small: one
 * attack of jtboing and about a point of mean ACER.
 */
export const SERVED_CANDIDATE = 'LR embedding unit-length l2=300';
