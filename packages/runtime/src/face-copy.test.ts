import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, ImageSource, type BBox } from '@facelab/core';
import { createSharpCodec } from './sharp-codec.ts';

const photo = readFileSync(join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const codec = createSharpCodec();

/** The copies the face units of one request ask for, through the real decoder. */
describe('ImageSource.forFaces with the sharp codec', () => {
  let big: Buffer;
  beforeAll(async () => {
    big = await sharp(photo).resize(2000, 1500, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  });
  const open = () => ImageSource.open(big, codec, DEFAULT_IMAGE_LIMITS, ['body']);
  // A face box 1000 px across in a 2000 px picture, one 300 px across, one 100 px across.
  const large: BBox = [0.25, 0.2, 0.75, 0.8];
  const medium: BBox = [0.4, 0.4, 0.55, 0.6];
  const small: BBox = [0.45, 0.45, 0.5, 0.5];

  it('a large face: the fitter (1.5 x box, 192 px) and the extractor (1.6 x box, 112 px) share one copy at 1/4', async () => {
    const image = open();
    const forFit = await image.forFaces([large], 1.5, 192);
    const forExtract = await image.forFaces([large], 1.6, 112);
    expect(forExtract).toBe(forFit);
    expect([forFit.width, forFit.height]).toEqual([500, 375]);
    // A face that fits at 1/4 with room to spare still lands on the same copy.
    expect(await image.forFaces([medium], 1.5, 96)).toBe(forFit);
  });

  it('decodes in full when 1/4 would leave the crop under its size (no 1/2 copy: it would cost more than the full picture)', async () => {
    // 300 px x 1.5 = 450 px of crop: 112 px at 1/4, under 192.
    const copy = await open().forFaces([medium], 1.5, 192);
    expect([copy.width, copy.height]).toEqual([2000, 1500]);
  });

  it('decodes in full when any face is too small for a reduced copy, and shares that with every later unit', async () => {
    const image = open();
    const full = await image.forFaces([large, small], 1.5, 192);
    expect([full.width, full.height]).toEqual([2000, 1500]);
    expect(await image.forFaces([small], 1.6, 112)).toBe(full);
    expect(await image.full()).toBe(full);
  });
});

/** The face copy decoded ahead, while a detector would run (prefetchForFaces). */
describe('ImageSource.prefetchForFaces', () => {
  const counting = () => {
    const sides: (number | undefined)[] = [];
    return { sides, codec: { ...codec, decode: (bytes: Uint8Array, options: { maxSide?: number } = {}) => (sides.push(options.maxSide), codec.decode(bytes, options)) } };
  };
  let big: Buffer;
  beforeAll(async () => {
    big = await sharp(photo).resize(2000, 1500, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  });

  it('starts the 1/4 copy that the fitter then takes for a large face, decoded once', async () => {
    const { sides, codec: counted } = counting();
    const image = ImageSource.open(big, counted, DEFAULT_IMAGE_LIMITS, ['body']);
    image.prefetchForFaces(1.5, 192);
    expect(sides).toEqual([500]);
    const copy = await image.forFaces([[0.25, 0.2, 0.75, 0.8]], 1.5, 192);
    expect([copy.width, copy.height]).toEqual([500, 375]);
    expect(sides).toEqual([500]);
  });

  it('starts nothing when no face of the picture could be large enough for a reduced copy', async () => {
    const { sides, codec: counted } = counting();
    // 1.5 x 500 px (the whole height) / 4 = 187 px < 192.
    const small = await sharp(photo).resize(700, 500, { fit: 'fill' }).jpeg().toBuffer();
    ImageSource.open(small, counted, DEFAULT_IMAGE_LIMITS, ['body']).prefetchForFaces(1.5, 192);
    expect(sides).toEqual([]);
  });

  it('leaves a broken picture to be refused by the unit that asks for it', async () => {
    const broken = Buffer.concat([big.subarray(0, 600), Buffer.alloc(2000, 0x55)]);
    const image = ImageSource.open(broken, codec, DEFAULT_IMAGE_LIMITS, ['body']);
    image.prefetchForFaces(1.5, 192);
    await expect(image.forFaces([[0.25, 0.2, 0.75, 0.8]], 1.5, 192)).rejects.toMatchObject({ status: 422 });
  });
});
