/** From P(male) to the contract's gender (the codecs write MALE/FEMALE in v1, male/female in v2). */
import type { Gender } from '@facelab/core';

export function toGender(male: number, threshold: number): Gender {
  return male >= threshold ? 'male' : 'female';
}
