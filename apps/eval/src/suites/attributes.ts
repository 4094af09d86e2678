/**
 * Face attributes: age (MAE, share within 5 years), gender (accuracy) and
 * emotion (accuracy, 7x7 confusion matrix) on the dev set, with the time
 * per face of each unit.
 *
 * Sets: `age_gender` (UTKFace aligned 200x200 crops) and `emotion` (FER-2013
 * 48x48 faces). Both are aligned crops, so every picture goes once through
 * process/sample with one fixed face box per set: where the detector puts
 * the face box on these crops (the median of its boxes over the set,
 * rounded; no label is used). That scores every picture, including the ones
 * the detector misses. process/image (detector, then the unit; the most
 * confident face) is reported beside it, with how many pictures had a face.
 * "tiny" repeats the age/gender run on the UTKFace crops shrunk to 48x48
 * (a face box about 35 pixels wide), to show how the models take small faces.
 * Time per face is the unit's own time from Server-Timing (process/sample,
 * one face per request).
 */
import sharp from 'sharp';
import type { EvalContext, EvalSuite } from '../context.ts';

/** Face boxes of the aligned crops, normalised [x1, y1, x2, y2]. */
const UTKFACE_BOX = [0.13, 0.03, 0.85, 0.82];
const FER_BOX = [0.2, 0.19, 0.8, 0.87];
/** The contract's order; the dev labels use FER-2013's names. */
const EMOTIONS = ['angry', 'disgusted', 'scared', 'happy', 'neutral', 'sad', 'surprised'];
const FER_TO_CONTRACT: Record<string, string> = { angry: 'angry', disgust: 'disgusted', fear: 'scared', happy: 'happy', neutral: 'neutral', sad: 'sad', surprise: 'surprised' };
const AGE_GROUPS: [string, number][] = [['0-12', 12], ['13-25', 25], ['26-45', 45], ['46-65', 65], ['66+', Infinity]];

interface AgeItem {
  file: string;
  age: number;
  gender: 'male' | 'female';
}

interface EmotionItem {
  file: string;
  emotion: string;
}

interface Reply {
  status: number;
  json: any;
  timing: string | null;
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

function serverTiming(header: string | null, name: string): number {
  const match = header?.split(',').map((s) => s.trim()).find((s) => s.startsWith(`${name};`));
  return match ? Number(match.split('dur=')[1]) : Number.NaN;
}

async function sample(ctx: EvalContext, service: string, bytes: Buffer, bbox: number[]): Promise<Reply> {
  const body = { _image: { blob: bytes.toString('base64') }, objects: [{ id: 0, class: 'face', bbox }] };
  const res = await (await ctx.app()).request(`/${service}/v2/process/sample`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json(), timing: res.headers.get('Server-Timing') };
}

async function image(ctx: EvalContext, service: string, bytes: Buffer): Promise<Reply> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'face.jpg');
  const res = await (await ctx.app()).request(`/${service}/v2/process/image`, { method: 'POST', body: form });
  return { status: res.status, json: await res.json(), timing: res.headers.get('Server-Timing') };
}

/** The reply's face (process/image: the most confident one), or undefined. */
function face(reply: Reply, file: string): any {
  if (reply.status !== 200) throw new Error(`answered ${reply.status} for ${file}: ${JSON.stringify(reply.json).slice(0, 300)}`);
  const faces = (reply.json.objects ?? []).filter((o: any) => o.class === 'face');
  return faces.sort((a: any, b: any) => (b.confidence ?? 0) - (a.confidence ?? 0))[0];
}

interface AgeGenderRun {
  errors: number[];
  byGroup: Record<string, { errors: number[]; correct: number }>;
  correct: number;
  scored: number;
  ageMs: number[];
  genderMs: number[];
}

async function ageGender(ctx: EvalContext, items: AgeItem[], route: 'sample' | 'image', shrink?: number): Promise<AgeGenderRun> {
  const run: AgeGenderRun = { errors: [], byGroup: {}, correct: 0, scored: 0, ageMs: [], genderMs: [] };
  for (const [name] of AGE_GROUPS) run.byGroup[name] = { errors: [], correct: 0 };
  for (const item of items) {
    let bytes = ctx.read(item.file);
    if (shrink) bytes = await sharp(bytes).resize(shrink, shrink).jpeg({ quality: 95 }).toBuffer();
    const [age, gender] = route === 'sample'
      ? await Promise.all([sample(ctx, 'age-estimator', bytes, UTKFACE_BOX), sample(ctx, 'gender-estimator', bytes, UTKFACE_BOX)])
      : await Promise.all([image(ctx, 'age-estimator', bytes), image(ctx, 'gender-estimator', bytes)]);
    const a = face(age, item.file);
    const g = face(gender, item.file);
    if (!a || !g) continue;
    run.scored++;
    const error = Number(a.age) - item.age;
    const group = run.byGroup[AGE_GROUPS.find(([, top]) => item.age <= top)![0]];
    run.errors.push(error);
    group.errors.push(error);
    if (g.gender === item.gender) (run.correct++, group.correct++);
    run.ageMs.push(serverTiming(age.timing, 'age'));
    run.genderMs.push(serverTiming(gender.timing, 'gender'));
  }
  return run;
}

function ageGenderFigures(label: string, run: AgeGenderRun, total: number): Record<string, number | string> {
  const abs = run.errors.map(Math.abs);
  const figures: Record<string, number | string> = {
    [`${label}.faces`]: `${run.scored}/${total}`,
    [`${label}.age_mae`]: round(mean(abs)),
    [`${label}.age_within_5y`]: round(abs.filter((e) => e <= 5).length / run.scored, 3),
    [`${label}.age_bias`]: round(mean(run.errors)),
    [`${label}.gender_accuracy`]: round(run.correct / run.scored, 3),
    [`${label}.age_ms_per_face`]: round(mean(run.ageMs), 1),
    [`${label}.gender_ms_per_face`]: round(mean(run.genderMs), 1),
  };
  console.log(`${label}: ${run.scored}/${total} faces, age MAE ${figures[`${label}.age_mae`]} y, within 5 y ${figures[`${label}.age_within_5y`]}, bias ${figures[`${label}.age_bias`]} y, gender accuracy ${figures[`${label}.gender_accuracy`]}; age ${figures[`${label}.age_ms_per_face`]} ms/face, gender ${figures[`${label}.gender_ms_per_face`]} ms/face`);
  const groups = Object.entries(run.byGroup).map(([name, g]) => `${name}: n ${g.errors.length}, MAE ${round(mean(g.errors.map(Math.abs)), 1)}, bias ${round(mean(g.errors), 1)}, gender ${round(g.correct / g.errors.length, 2)}`);
  console.log(`  by true age: ${groups.join('; ')}`);
  return figures;
}

interface EmotionRun {
  /** confusion[truth][predicted], contract order. */
  confusion: number[][];
  ms: number[];
  sums: number[];
}

async function emotions(ctx: EvalContext, items: EmotionItem[], route: 'sample' | 'image'): Promise<EmotionRun> {
  const run: EmotionRun = { confusion: EMOTIONS.map(() => EMOTIONS.map(() => 0)), ms: [], sums: [] };
  for (const item of items) {
    const bytes = ctx.read(item.file);
    const reply = route === 'sample' ? await sample(ctx, 'emotion-estimator', bytes, FER_BOX) : await image(ctx, 'emotion-estimator', bytes);
    const f = face(reply, item.file);
    if (!f) continue;
    const scores = f.emotions as { emotion: string; confidence: number }[];
    const best = scores.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    run.confusion[EMOTIONS.indexOf(FER_TO_CONTRACT[item.emotion])][EMOTIONS.indexOf(best.emotion)]++;
    run.sums.push(scores.reduce((s, e) => s + e.confidence, 0));
    run.ms.push(serverTiming(reply.timing, 'emotion'));
  }
  return run;
}

function emotionFigures(label: string, run: EmotionRun, total: number): Record<string, number | string> {
  const scored = run.confusion.flat().reduce((a, b) => a + b, 0);
  const correct = run.confusion.reduce((s, row, i) => s + row[i], 0);
  const recall = run.confusion.map((row, i) => row[i] / Math.max(1, row.reduce((a, b) => a + b, 0)));
  const figures: Record<string, number | string> = {
    [`${label}.faces`]: `${scored}/${total}`,
    [`${label}.emotion_accuracy`]: round(correct / scored, 3),
    [`${label}.emotion_mean_recall`]: round(mean(recall), 3),
    [`${label}.emotion_ms_per_face`]: round(mean(run.ms), 1),
    [`${label}.confusion`]: JSON.stringify(run.confusion),
  };
  console.log(`${label}: ${scored}/${total} faces, accuracy ${figures[`${label}.emotion_accuracy`]}, mean recall ${figures[`${label}.emotion_mean_recall`]}, ${figures[`${label}.emotion_ms_per_face`]} ms/face; confidences sum to ${round(Math.min(...run.sums), 6)}..${round(Math.max(...run.sums), 6)}`);
  console.log(`  confusion (rows: truth, columns: predicted; ${EMOTIONS.join(', ')}):`);
  run.confusion.forEach((row, i) => console.log(`  ${EMOTIONS[i].padEnd(10)} ${row.map((n) => String(n).padStart(3)).join(' ')}   recall ${round(recall[i], 2)}`));
  return figures;
}

/** Fails early, naming what the server lacks, rather than 404 per picture. */
async function checkServices(ctx: EvalContext): Promise<void> {
  const health = (await (await (await ctx.app()).request('/health')).json()) as { services: string[] };
  const missing = ['age-estimator', 'gender-estimator', 'emotion-estimator'].filter((s) => !health.services.includes(s));
  if (missing.length > 0) throw new Error(`the server does not serve ${missing.join(', ')}: add their plugins to apps/server/src/plugins.ts`);
}

export const suite: EvalSuite = {
  name: 'attributes',
  async run(ctx) {
    await checkServices(ctx);
    const ageItems = ctx.manifest.categories.age_gender as AgeItem[];
    const emotionItems = ctx.manifest.categories.emotion as EmotionItem[];
    return {
      ...ageGenderFigures('age_gender.sample', await ageGender(ctx, ageItems, 'sample'), ageItems.length),
      ...ageGenderFigures('age_gender.image', await ageGender(ctx, ageItems, 'image'), ageItems.length),
      ...ageGenderFigures('age_gender.tiny48', await ageGender(ctx, ageItems, 'sample', 48), ageItems.length),
      ...emotionFigures('emotion.sample', await emotions(ctx, emotionItems, 'sample'), emotionItems.length),
      ...emotionFigures('emotion.image', await emotions(ctx, emotionItems, 'image'), emotionItems.length),
    };
  },
};
