import { readFileSync } from 'node:fs';
import { allPairs, bestAccuracy, eer, tarAtFar } from '../src/verification-figures.ts';
const [devFile, calFile] = process.argv.slice(2);
const dev = JSON.parse(readFileSync(devFile, 'utf8'));
const cal = calFile ? JSON.parse(readFileSync(calFile, 'utf8')) : [];
const pairs = JSON.parse(readFileSync('/work/shared/eval/dev/manifest.json', 'utf8')).categories.verification.pairs;
const unit = (v: number[]) => { const n = Math.hypot(...v) || 1; return Float32Array.from(v, (x) => x / n); };
const q4 = (e: Float32Array) => unit(Array.from(e, (v) => Math.max(-7, Math.min(7, Math.round((v / 0.2) * 7)))));
const q8 = (e: Float32Array) => unit(Array.from(e, (v) => Math.max(-127, Math.min(127, Math.round((v / 0.25) * 127)))));
const emb = (p: any, name: string, mode: string): Float32Array => {
  if (name.includes('+')) { const acc = new Array(512).fill(0); for (const n of name.split('+')) { const e = emb(p, n, mode === 'single' ? 'single' : 'flip'); for (let i = 0; i < 512; i++) acc[i] += e[i]; } const u = unit(acc); return mode === 'flip4' ? q4(u) : mode === 'flip8' ? q8(u) : u; }
  const [a, b] = p.d[name];
  const e = mode === 'single' ? unit(a) : unit(a.map((v: number, i: number) => v + b[i]));
  return mode === 'flip4' ? q4(e) : mode === 'flip8' ? q8(e) : e;
};
console.log('variant'.padEnd(22), 'dev TAR@1e-3  1e-4  1e-5   EER  LFW600 errs | cal TAR@1e-3 1e-4  EER');
const NAMES = process.env.NAMES ? process.env.NAMES.split(',') : Object.keys(dev[0].d);
for (const name of NAMES) for (const mode of (process.env.MODES ?? 'single,flip,flip8,flip4').split(',')) {
  const dv = new Map<string, Float32Array>(dev.map((p: any) => [p.file, emb(p, name, mode)]));
  const all = allPairs(dev.map((p: any) => ({ key: p.file, identity: p.subject, embedding: dv.get(p.file)! })));
  const line = [`${name} ${mode}`.padEnd(22)];
  for (const far of [1e-3, 1e-4, 1e-5]) line.push((100 * tarAtFar(all.genuine, all.impostor, far).tar).toFixed(2).padStart(7));
  line.push((100 * eer(all.genuine, all.impostor)).toFixed(2).padStart(6));
  const g: number[] = [], im: number[] = [];
  for (const pr of pairs) { const a = dv.get(pr.a), b = dv.get(pr.b); let d = Infinity; if (a && b) { let dot = 0; for (let i = 0; i < a.length; i++) dot += a[i] * b[i]; d = Math.sqrt(Math.max(0, 2 - 2 * dot)); } (pr.same ? g : im).push(d); }
  const acc = bestAccuracy(g, im).accuracy;
  line.push((100 * acc).toFixed(2).padStart(7), String(Math.round((1 - acc) * 600)).padStart(3));
  if (cal.length) {
    const c = allPairs(cal.map((p: any) => ({ key: p.file, identity: p.subject, embedding: emb(p, name, mode) })), true);
    for (const far of [1e-3, 1e-4]) line.push((100 * tarAtFar(c.genuine, c.impostor, far).tar).toFixed(2).padStart(7));
    line.push((100 * eer(c.genuine, c.impostor)).toFixed(2).padStart(6));
  }
  console.log(line.join(' '));
}
