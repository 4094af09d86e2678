/**
 * Directions along which whole sources differ, to be projected out of the
 * head's inputs. Each training source's centre is the mean of its real
 * faces' and its attacks' centres (so the class mix does not move it); the
 * centres, less their mean, span the "which camera, which person" shift
 * that moves every face of a source together, the failure the
 * leave-one-source-out figures show. The k largest (pivoted Gram-Schmidt:
 * the centre with the largest remaining length first) are returned as
 * orthonormal vectors; removing them leaves the directions along which the
 * sources agree.
 */

export function sourceDirections(inputs: readonly number[][], real: readonly boolean[], sources: readonly string[], k: number): Float64Array[] {
  const d = inputs[0].length;
  const sums = new Map<string, { r: Float64Array; a: Float64Array; nr: number; na: number }>();
  inputs.forEach((x, i) => {
    let s = sums.get(sources[i]);
    if (!s) sums.set(sources[i], (s = { r: new Float64Array(d), a: new Float64Array(d), nr: 0, na: 0 }));
    const into = real[i] ? s.r : s.a;
    for (let j = 0; j < d; j++) into[j] += x[j];
    if (real[i]) s.nr++;
    else s.na++;
  });
  const centres = [...sums.values()].map((s) => {
    const c = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const r = s.nr ? s.r[j] / s.nr : Number.NaN;
      const a = s.na ? s.a[j] / s.na : Number.NaN;
      c[j] = s.nr && s.na ? (r + a) / 2 : s.nr ? r : a;
    }
    return c;
  });
  const mean = new Float64Array(d);
  for (const c of centres) for (let j = 0; j < d; j++) mean[j] += c[j] / centres.length;
  const residual = centres.map((c) => c.map((v, j) => v - mean[j]));
  const directions: Float64Array[] = [];
  while (directions.length < k) {
    const lengths = residual.map((r) => Math.hypot(...r));
    const best = lengths.indexOf(Math.max(...lengths));
    if (!(lengths[best] > 1e-9)) break;
    const u = residual[best].map((v) => v / lengths[best]);
    directions.push(u);
    for (const r of residual) {
      const dot = r.reduce((a, v, j) => a + v * u[j], 0);
      for (let j = 0; j < d; j++) r[j] -= dot * u[j];
    }
  }
  return directions;
}

/** `x` with its components along the orthonormal `directions` removed. */
export function projectOut(x: readonly number[], directions: readonly Float64Array[]): number[] {
  const out = [...x];
  for (const u of directions) {
    const dot = out.reduce((a, v, j) => a + v * u[j], 0);
    for (let j = 0; j < out.length; j++) out[j] -= dot * u[j];
  }
  return out;
}
