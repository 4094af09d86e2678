/**
 * When the mirrored look runs: the rule on made-up candidates, and on the
 * demo photos with the real models (counted BlazeFace runs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countRuns, DEFAULT_IMAGE_LIMITS, ImageSource, silentLogger } from '@facelab/core';
import { createOrtBackend, createSharpCodec } from '@facelab/runtime';
import type { Candidate } from './decode.ts';
import { detectUnit } from './index.ts';
import { needsMirror } from './mirror.ts';

const at = (box: Candidate['box'], score: number, extra: Partial<Candidate> = {}): Candidate => ({ box, score, keypoints: [], view: 0, ...extra });
const face: Candidate['box'] = [0.4, 0.4, 0.5, 0.5];
const elsewhere: Candidate['box'] = [0.1, 0.1, 0.2, 0.2];

describe('needsMirror', () => {
  it('reads again a candidate near the threshold that the second detector is not sure of', () => {
    for (const score of [0.4, 0.5, 0.7, 0.95]) expect(needsMirror(at(face, score), [at(elsewhere, 0.99)], [], 0.5, 0.3)).toBe(true);
  });

  it('does not for a face the second detector is sure of', () => {
    expect(needsMirror(at(face, 0.45), [at([0.41, 0.41, 0.51, 0.51], 0.95)], [], 0.5, 0.3)).toBe(false);
  });

  it('does not for a stray candidate more than 0.1 under the threshold, unless a half-sure box backs it', () => {
    expect(needsMirror(at(face, 0.26), [], [], 0.5, 0.3)).toBe(false);
    expect(needsMirror(at(face, 0.39), [], [at(elsewhere, 0.8, { weak: true })], 0.5, 0.3)).toBe(false);
    expect(needsMirror(at(face, 0.26), [], [at([0.41, 0.4, 0.5, 0.51], 0.7, { weak: true })], 0.5, 0.3)).toBe(true);
    // The margin follows the request's threshold.
    expect(needsMirror(at(face, 0.26), [], [], 0.3, 0.3)).toBe(true);
  });
});

describe('the mirrored pass on the demo photos', () => {
  const demo = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo');
  async function blazefaceRuns(n: number): Promise<[number, number]> {
    const counter = countRuns(createOrtBackend());
    const unit = await detectUnit().setup({ inference: counter.backend, logger: silentLogger });
    const image = ImageSource.open(readFileSync(join(demo, `sample${n}.jpg`)), createSharpCodec(), DEFAULT_IMAGE_LIMITS, ['image']);
    const { objects } = await unit.run({ image, objects: [], params: {} });
    return [counter.count('blazeface-back'), objects.length];
  }

  it('is spared where the only candidate the second detector did not confirm is a stray one (sample2)', async () => {
    expect(await blazefaceRuns(2)).toEqual([1, 3]);
  });

  it('still runs for a face the second detector only half sees (sample4)', async () => {
    expect(await blazefaceRuns(4)).toEqual([2, 4]);
  });
});
