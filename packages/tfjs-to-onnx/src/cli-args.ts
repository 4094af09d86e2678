/**
 * Argument parsing of the tfjs-to-onnx CLI: `name[:alias]` for outputs and
 * `name[:alias][=d0,d1,...]` for inputs and cuts.
 */
import type { InputSpec, OutputSpec } from './convert/convert.js';

/** Splits `name[:alias]`; a purely numeric last part is an output index (`node:1`), not an alias. */
export function nameAndAlias(spec: string): OutputSpec {
  const i = spec.lastIndexOf(':');
  if (i < 0 || /^\d+$/.test(spec.slice(i + 1))) return { name: spec };
  return { name: spec.slice(0, i), as: spec.slice(i + 1) };
}

/** Parses `name[:alias][=d0,d1,...]` (-1 for a dynamic dimension). */
export function parseInput(spec: string): InputSpec {
  const eq = spec.indexOf('=');
  const head = eq < 0 ? spec : spec.slice(0, eq);
  const shape =
    eq < 0
      ? undefined
      : spec
          .slice(eq + 1)
          .split(',')
          .map((d) => {
            const n = Number(d);
            if (d.trim() === '' || !Number.isInteger(n)) throw new Error(`--input ${spec}: "${d}" is not an integer dimension`);
            return n;
          });
  return { ...nameAndAlias(head), ...(shape ? { shape } : {}) };
}
