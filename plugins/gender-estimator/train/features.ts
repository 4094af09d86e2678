/**
 * The feature rows train/extract.ts writes (one Float32 row per face and
 * box; `M` blocks are the mirror image's) and the blocks a head can read.
 */
export const FEATURE_LAYOUT = {
  faceres: 0,
  faceresM: 1024,
  faceresMale: 2048,
  faceresMaleM: 2049,
  faceapi: 2050,
  faceapiM: 2562,
  faceapiMale: 3074,
  faceapiMaleM: 3075,
  frGender: 3076,
  frGenderM: 3077,
  emb: 3078,
  embM: 3590,
  located: 4102,
  /** faceres's expected age over its bins (face, mirror) and face-api's age (face, mirror). */
  faceresAge: 4103,
  faceresAgeM: 4104,
  faceapiAge: 4105,
  faceapiAgeM: 4106,
} as const;
export const FEATURE_ROW = 4107;

/**
 * The manifest indices extract.ts visits for shard `shard` of `every`: the
 * manifest is sorted by age, so a fixed shuffle makes any prefix a fair
 * sample (and lets a stopped extraction's rows be labelled).
 */
export function trainOrder(count: number, every: number, shard: number): number[] {
  return [...Array(count).keys()].filter((i) => i % every === shard).sort((a, b) => ((a * 7919) % 10007) - ((b * 7919) % 10007));
}

/** The box jitter of picture `index`'s second training row (its first is the whole picture). */
export const TRAIN_JITTER = ['scale0.8', 'scale1.3', 'shift0.1'] as const;
export const jitterOf = (index: number): string => TRAIN_JITTER[index % TRAIN_JITTER.length];
