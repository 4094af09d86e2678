import { describe, expect, it } from 'vitest';
import { nameAndAlias, parseInput } from './cli-args.js';

describe('CLI arguments', () => {
  it('reads output names with optional aliases and output indices', () => {
    expect(nameAndAlias('global_pooling/Mean:descriptor')).toEqual({ name: 'global_pooling/Mean', as: 'descriptor' });
    expect(nameAndAlias('split:1')).toEqual({ name: 'split:1' });
    expect(nameAndAlias('split:1:second')).toEqual({ name: 'split:1', as: 'second' });
    expect(nameAndAlias('Identity')).toEqual({ name: 'Identity' });
  });

  it('reads inputs with alias and shape, and rejects bad dimensions', () => {
    expect(parseInput('input_1:image=-1,224,224,3')).toEqual({ name: 'input_1', as: 'image', shape: [-1, 224, 224, 3] });
    expect(parseInput('a/b=1,3')).toEqual({ name: 'a/b', shape: [1, 3] });
    expect(() => parseInput('x=1,,3')).toThrow(/not an integer/);
  });
});
