/**
 * The candidate the service implements (train/loso.ts names): a logistic
 * regression over fr-liveness-embed's 128 values divided by their length,
 * L2 1000, trained on three crops of every training face (1.0x, 1.2x and
 * 1.5x the box's longer side, each a row with the face's label) and served
 * on the 1.2x crop alone, so the head leans less on how tightly a source
 * frames its faces. Chosen by the leave-one-source-out figures (worst-source
 * ACER, then mean ACER): worst ACER 0.474 (jtboing) against 0.491 for the
 * second round's head (`LR embedding unit-length l2=300`), mean ACER 0.260
 * against 0.264, and no worse on any other summary (worst and mean APCER,
 * worst and mean AUC). The margin is small: two attacks of jtboing and
 * under half a point of mean ACER, after about 25 more candidates tried.
 */
export const SERVED_CANDIDATE = 'LR unit emb l2=1000 trained on 1.0/1.2/1.5 crops';
