/**
 * The `age-gated` source's rule: faceres's own gender where faceres's own
 * age of the face (its expected age over its bins) lies within
 * [from, to] years (with `heads: true`, the age head's age of the same
 * crop), face-api's (the face averaged with its mirror image) elsewhere.
 * faceres was trained on adults (IMDB) and reads children and older people
 * worst (cross-validated on ../shared/train UTKFace: 69 % of 1 to 12 year
 * olds, 88 % over 65, against 97 % at 26 to 45), where face-api, trained on
 * UTKFace with its children, reads better. The bounds were chosen on the
 * training faces and by LFW agreement (the README, train/gate.ts): a
 * narrower band scores higher on UTKFace, which face-api was trained on,
 * and hands more adults to face-api, which agrees less with itself on LFW.
 */
export const AGE_GATE = Object.freeze({ from: 20, to: 50 });
