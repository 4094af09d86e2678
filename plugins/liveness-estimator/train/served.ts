/**
 * The candidate the service implements (train/loso.ts names): a logistic
 * regression, L2 300, over fr-liveness-embed's 128 values divided by their
 * length and dtn-antispoof's -log(score) at 1.0x and 1.5x the box
 * (src/dtn-score.ts), trained on three crops of every training face (the
 * embedding at 1.0x, 1.2x and 1.5x the box's longer side, each a row with
 * the face's label and the face's DTN readings) and served on the 1.2x
 * embedding. Chosen by the leave-one-source-out figures (worst-source ACER,
 * then mean ACER): worst ACER 0.395 (lestari15) against 0.474 for the
 * embedding-only head (`LR unit emb l2=1000 trained on 1.0/1.2/1.5 crops`),
 * mean ACER 0.238 against 0.260, worst APCER 0.759 against 0.948, mean AUC
 * 0.859 against 0.844; dev AUC 0.958 against 0.965. Picked among 13 DTN
 * candidates (dtn-candidates.ts), so part of the margin is selection; the
 * targets (worst APCER <= 20%, mean <= 10%) stay far off.
 */
export const SERVED_CANDIDATE = 'LR unit emb + dtn scores 1.0/1.5 l2=300 trained on 1.0/1.2/1.5 crops';
