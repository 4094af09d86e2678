/**
 * The candidate the service implements (train/loso.ts names): a logistic
 * regression, L2 300, over fr-liveness-embed's 128 values divided by their
 * length and dtn-antispoof's -log(score) at 1.0x and 1.5x the located
 * face's frame (src/locate-face.ts, src/dtn-score.ts), trained on three
 * crops of every training face (the embedding at 1.0x, 1.2x and 1.5x the
 * frame's longer side, each a row with the face's label and the face's DTN
 * readings) with every (source, class) cell weighted equally, served on the
 * 1.2x embedding. Fifth round: chosen by the leave-one-source-out figures
 * (worst-source ACER, then mean ACER) among 18 fused candidates on the
 * located-face crops (framing-candidates.ts, dtn-candidates.ts): worst ACER
 * 0.436 against 0.488 for the same recipe without source balance, mean ACER
 * 0.252 against 0.236, worst AUC 0.616 against 0.567, mean AUC 0.870
 * against 0.843. Part of the margin is the choice among 18; the targets
 * (worst APCER <= 20%, mean <= 10%) stay far off.
 */
export const SERVED_CANDIDATE = 'LR unit emb + dtn scores 1.0/1.5 l2=300 trained on 1.0/1.2/1.5 crops sources balanced';
