import { createOrtBackend } from '@facelab/runtime';
import { float32Tensor } from '@facelab/core';
const b = createOrtBackend({ threads: 1 });
const s = await b.load('facemesh');
const one = 192 * 192 * 3;
const x = new Float32Array(4 * one).map((_, i) => (Math.sin(i * 0.013) + 1) / 2);
const out = async (from: number, n: number) => (await s.run({ input_1: float32Tensor(x.subarray(from * one, (from + n) * one), [n, 192, 192, 3]) }, ['Identity_2', 'Identity_1']));
const all = await out(0, 4);
const parts = [await out(0, 2), await out(2, 2)];
const singles = [await out(0, 1), await out(1, 1), await out(2, 1), await out(3, 1)];
const m = all.Identity_2.data as Float32Array; const per = m.length / 4;
let d2 = 0, d1 = 0;
for (let k = 0; k < 4; k++) for (let i = 0; i < per; i++) {
  const v = m[k * per + i];
  const p = (parts[k >> 1].Identity_2.data as Float32Array)[(k & 1) * per + i];
  const q = (singles[k].Identity_2.data as Float32Array)[i];
  d2 = Math.max(d2, Math.abs(v - p)); d1 = Math.max(d1, Math.abs(v - q));
}
console.log('max diff batch4 vs 2+2', d2, 'vs 1x4', d1);
process.exit(0);
