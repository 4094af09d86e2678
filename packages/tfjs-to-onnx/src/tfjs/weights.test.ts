import { describe, expect, it } from 'vitest';
import { compareWithTfjs, singleOp } from '../testing/op-graph.js';
import { toNumbers } from '../fold/ndarray.js';
import { decodeWeights, float16ToFloat32 } from './weights.js';


describe('weights decoding', () => {
  it('widens float16 bit patterns exactly, subnormals and infinities included', () => {
    const out = float16ToFloat32(Uint16Array.from([0x0000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x03ff, 0x0001, 0x7c00, 0xfc00, 0x8000]));
    expect(Array.from(out.slice(0, 5))).toEqual([0, 1, -2, 0.5, 65504]);
    expect(out[5]).toBe(1023 * 2 ** -24);
    expect(out[6]).toBe(2 ** -24);
    expect(out[7]).toBe(Infinity);
    expect(out[8]).toBe(-Infinity);
    expect(Object.is(out[9], -0)).toBe(true);
    expect(Number.isNaN(float16ToFloat32(Uint16Array.from([0x7e00]))[0])).toBe(true);
  });

  it('dequantises uint8 and uint16 as q * scale + min, and rounds int32 weights', () => {
    const u8 = Uint8Array.from([0, 1, 255]);
    const u16 = new Uint8Array(Uint16Array.from([0, 2, 65535]).buffer);
    const i32 = Uint8Array.from([0, 10]);
    const weights = decodeWeights(
      [
        {
          paths: ['a.bin'],
          weights: [
            { name: 'a', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
            { name: 'b', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.25, min: 2 } },
            { name: 'c', shape: [2], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.3, min: 0 } },
          ],
        },
      ],
      [Uint8Array.from([...u8, ...u16, ...i32])],
    );
    expect(toNumbers(weights.get('a')!)).toEqual([-1, -0.5, 126.5]);
    expect(toNumbers(weights.get('b')!)).toEqual([2, 2.5, 65535 * 0.25 + 2]);
    expect(weights.get('c')!.dtype).toBe('int32');
    expect(toNumbers(weights.get('c')!)).toEqual([0, 3]);
  });

  it('names the weight and the file when the bytes do not match the manifest', () => {
    expect(() => decodeWeights([{ paths: ['w.bin'], weights: [{ name: 'k', shape: [4], dtype: 'float32' }] }], [new Uint8Array(8)])).toThrow(/"k".*w\.bin/);
    expect(() => decodeWeights([{ paths: ['w.bin'], weights: [{ name: 'k', shape: [1], dtype: 'float32' }] }], [new Uint8Array(8)])).toThrow(/w\.bin: manifest describes 4 bytes, file has 8/);
  });

  it('converted models use the dequantised values TF.js uses (float16 and uint8 filters)', async () => {
    const half = Uint16Array.from([0x3c00, 0xb800, 0x3555, 0x4000, 0xbc00, 0x3266]);
    const spec = singleOp(
      'MatMul',
      { x: { shape: [2, 3] } },
      {
        w16: { shape: [3, 2], data: [], quantization: { dtype: 'float16', original_dtype: 'float32' }, stored: new Uint8Array(half.buffer) },
      },
    );
    expect((await compareWithTfjs(spec, ['y'])).abs).toBeLessThan(1e-6);
    const spec8 = singleOp(
      'MatMul',
      { x: { shape: [2, 3] } },
      { w8: { shape: [3, 2], data: [], quantization: { dtype: 'uint8', scale: 0.0123, min: -0.77 }, stored: Uint8Array.from([0, 17, 99, 128, 200, 255]) } },
    );
    expect((await compareWithTfjs(spec8, ['y'])).abs).toBeLessThan(1e-6);
  });
});
