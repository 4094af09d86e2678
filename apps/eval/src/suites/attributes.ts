/**
 * Face attributes under different face boxes: age (MAE), gender (accuracy)
 * and emotion (top-1) on the dev set, once per box a client might send:
 *
 * - `detector`: the box this server's detector finds on the picture (the
 *   most confident face; the whole crop where it finds none, counted);
 * - `whole`: the whole crop, [0, 0, 1, 1];
 * - `scale0.8`, `scale1.3`: the detector's box scaled about its centre;
 * - `shift0.1`: the detector's box moved right by 10% of its width.
 *
 * Every box goes through process/sample (boxes leaving the picture are
 * clipped to it, as a client would). `image` runs process/image (detect,
 * then the unit) and counts how often it gives the same answer as
 * process/sample with the detector's box. The worst variant is printed
 * beside the best. Time per face is the unit's own time from Server-Timing.
 *
 * Sets: `age_gender` (UTKFace 200x200 aligned crops) and `emotion`
 * (FER-2013 48x48 grey faces). Every age/gender label of dev is UTKFace;
 * the LFW pictures of the verification set have no age or gender, so the
 * non-UTKFace check is label-free: how consistent gender and age are over
 * the pictures of one LFW person (detector's box).
 *
 * FACELAB_EVAL_EVERY=k scores every k-th picture only (for exploring);
 * FACELAB_EVAL_ONLY=age_gender|emotion|lfw runs one part.
 */
import type { EvalContext, EvalSuite } from '../context.ts';

type Box = [number, number, number, number];
const WHOLE: Box = [0, 0, 1, 1];
const VARIANTS = ['detector', 'whole', 'scale0.8', 'scale1.3', 'shift0.1'] as const;
type Variant = (typeof VARIANTS)[number];

/** The contract's order; the dev labels use FER-2013's names. */
const EMOTIONS = ['angry', 'disgusted', 'scared', 'happy', 'neutral', 'sad', 'surprised'];
const FER_TO_CONTRACT: Record<string, string> = { angry: 'angry', disgust: 'disgusted', fear: 'scared', happy: 'happy', neutral: 'neutral', sad: 'sad', surprise: 'surprised' };

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
const clip = (x: number): number => Math.min(1, Math.max(0, x));

function serverTiming(header: string | null, name: string): number {
  const match = header?.split(',').map((s) => s.trim()).find((s) => s.startsWith(`${name};`));
  return match ? Number(match.split('dur=')[1]) : Number.NaN;
}

/** The box of one variant, from the detector's box (clipped to the picture). */
export function variantBox(variant: Variant, detected: Box): Box {
  const [x1, y1, x2, y2] = detected;
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const w = x2 - x1;
  const h = y2 - y1;
  const scaled = (s: number): Box => [cx - (w * s) / 2, cy - (h * s) / 2, cx + (w * s) / 2, cy + (h * s) / 2];
  const box: Box = variant === 'detector' ? detected
    : variant === 'whole' ? WHOLE
    : variant === 'scale0.8' ? scaled(0.8)
    : variant === 'scale1.3' ? scaled(1.3)
    : [x1 + 0.1 * w, y1, x2 + 0.1 * w, y2];
  return box.map(clip) as Box;
}

async function sample(ctx: EvalContext, service: string, bytes: Buffer, bbox: Box): Promise<Reply> {
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

/** The detector's box of every picture (the whole crop where it finds no face), and how many it missed. */
async function detectorBoxes(ctx: EvalContext, files: string[]): Promise<{ boxes: Map<string, Box>; missed: number }> {
  const boxes = new Map<string, Box>();
  let missed = 0;
  for (const file of files) {
    const f = face(await image(ctx, 'face-detector', ctx.read(file)), file);
    if (f?.bbox) boxes.set(file, f.bbox as Box);
    else (boxes.set(file, WHOLE), missed++);
  }
  return { boxes, missed };
}

interface AgeGenderResult {
  errors: number[];
  correct: number;
  ageMs: number[];
  genderMs: number[];
  answers: string[];
}

async function ageGenderRun(ctx: EvalContext, items: AgeItem[], box: (item: AgeItem) => Box | 'image'): Promise<AgeGenderResult> {
  const run: AgeGenderResult = { errors: [], correct: 0, ageMs: [], genderMs: [], answers: [] };
  for (const item of items) {
    const bytes = ctx.read(item.file);
    const b = box(item);
    const [age, gender] = b === 'image'
      ? await Promise.all([image(ctx, 'age-estimator', bytes), image(ctx, 'gender-estimator', bytes)])
      : await Promise.all([sample(ctx, 'age-estimator', bytes, b), sample(ctx, 'gender-estimator', bytes, b)]);
    const a = face(age, item.file);
    const g = face(gender, item.file);
    if (!a || !g) {
      run.answers.push('none');
      continue;
    }
    run.errors.push(Number(a.age) - item.age);
    if (g.gender === item.gender) run.correct++;
    run.answers.push(`${a.age}/${g.gender}`);
    run.ageMs.push(serverTiming(age.timing, 'age'));
    run.genderMs.push(serverTiming(gender.timing, 'gender'));
  }
  return run;
}

interface EmotionResult {
  correct: number;
  scored: number;
  recall: number[];
  ms: number[];
  answers: string[];
}

async function emotionRun(ctx: EvalContext, items: EmotionItem[], box: (item: EmotionItem) => Box | 'image'): Promise<EmotionResult> {
  const confusion = EMOTIONS.map(() => EMOTIONS.map(() => 0));
  const run: EmotionResult = { correct: 0, scored: 0, recall: [], ms: [], answers: [] };
  for (const item of items) {
    const bytes = ctx.read(item.file);
    const b = box(item);
    const reply = b === 'image' ? await image(ctx, 'emotion-estimator', bytes) : await sample(ctx, 'emotion-estimator', bytes, b);
    const f = face(reply, item.file);
    if (!f) {
      run.answers.push('none');
      continue;
    }
    const scores = f.emotions as { emotion: string; confidence: number }[];
    const best = scores.reduce((a, c) => (c.confidence > a.confidence ? c : a)).emotion;
    confusion[EMOTIONS.indexOf(FER_TO_CONTRACT[item.emotion])][EMOTIONS.indexOf(best)]++;
    run.answers.push(best);
    run.ms.push(serverTiming(reply.timing, 'emotion'));
  }
  run.scored = confusion.flat().reduce((a, c) => a + c, 0);
  run.correct = confusion.reduce((s, row, i) => s + row[i], 0);
  run.recall = confusion.map((row, i) => row[i] / Math.max(1, row.reduce((a, c) => a + c, 0)));
  return run;
}

/** Share of the faces process/image found (`a`) on which it gave the same answer as `b`. */
function agreement(a: string[], b: string[]): number {
  const found = a.map((x, i) => i).filter((i) => a[i] !== 'none');
  return found.filter((i) => a[i] === b[i]).length / Math.max(1, found.length);
}

function worstBest(figures: Record<string, number | string>, label: string, metric: string, lowerIsBetter: boolean): void {
  const values = VARIANTS.map((v) => ({ v, x: figures[`${label}.${v}.${metric}`] as number }));
  values.sort((p, q) => (lowerIsBetter ? q.x - p.x : p.x - q.x));
  const worst = values[0];
  const best = values[values.length - 1];
  figures[`${label}.worst.${metric}`] = worst.x;
  figures[`${label}.best.${metric}`] = best.x;
  console.log(`${label} ${metric}: worst ${worst.x} (${worst.v}), best ${best.x} (${best.v}), mean over boxes ${round(mean(values.map((p) => p.x)), 3)}`);
}

async function ageGenderSuite(ctx: EvalContext, items: AgeItem[]): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const { boxes, missed } = await detectorBoxes(ctx, items.map((i) => i.file));
  figures['age_gender.detector_missed'] = `${missed}/${items.length}`;
  console.log(`age_gender: ${items.length} UTKFace crops, the detector found no face on ${missed} (scored with the whole crop)`);
  let detectorAnswers: string[] = [];
  for (const variant of [...VARIANTS, 'image' as const]) {
    const run = await ageGenderRun(ctx, items, (item) => (variant === 'image' ? 'image' : variantBox(variant, boxes.get(item.file)!)));
    const abs = run.errors.map(Math.abs);
    const key = `age_gender.${variant}`;
    figures[`${key}.faces`] = `${run.errors.length}/${items.length}`;
    figures[`${key}.age_mae`] = round(mean(abs));
    figures[`${key}.age_bias`] = round(mean(run.errors));
    figures[`${key}.gender_accuracy`] = round(run.correct / run.errors.length, 3);
    figures[`${key}.age_ms_per_face`] = round(mean(run.ageMs), 1);
    figures[`${key}.gender_ms_per_face`] = round(mean(run.genderMs), 1);
    if (variant === 'detector') detectorAnswers = run.answers;
    if (variant === 'image') figures[`${key}.same_as_detector_sample`] = round(agreement(run.answers, detectorAnswers), 3);
    console.log(`  ${variant.padEnd(9)} ${run.errors.length}/${items.length} faces, age MAE ${figures[`${key}.age_mae`]} y (bias ${figures[`${key}.age_bias`]}), gender ${figures[`${key}.gender_accuracy`]}; age ${figures[`${key}.age_ms_per_face`]} ms/face, gender ${figures[`${key}.gender_ms_per_face`]} ms/face${variant === 'image' ? `; same age and gender as process/sample with the detector's box on the faces it found: ${figures[`${key}.same_as_detector_sample`]}` : ''}`);
  }
  worstBest(figures, 'age_gender', 'age_mae', true);
  worstBest(figures, 'age_gender', 'gender_accuracy', false);
  return figures;
}

async function emotionSuite(ctx: EvalContext, items: EmotionItem[]): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const { boxes, missed } = await detectorBoxes(ctx, items.map((i) => i.file));
  figures['emotion.detector_missed'] = `${missed}/${items.length}`;
  console.log(`emotion: ${items.length} FER-2013 faces, the detector found no face on ${missed} (scored with the whole crop)`);
  let detectorAnswers: string[] = [];
  for (const variant of [...VARIANTS, 'image' as const]) {
    const run = await emotionRun(ctx, items, (item) => (variant === 'image' ? 'image' : variantBox(variant, boxes.get(item.file)!)));
    const key = `emotion.${variant}`;
    figures[`${key}.faces`] = `${run.scored}/${items.length}`;
    figures[`${key}.top1`] = round(run.correct / run.scored, 3);
    figures[`${key}.mean_recall`] = round(mean(run.recall), 3);
    figures[`${key}.ms_per_face`] = round(mean(run.ms), 1);
    if (variant === 'detector') detectorAnswers = run.answers;
    if (variant === 'image') figures[`${key}.same_as_detector_sample`] = round(agreement(run.answers, detectorAnswers), 3);
    console.log(`  ${variant.padEnd(9)} ${run.scored}/${items.length} faces, top-1 ${figures[`${key}.top1`]}, mean recall ${figures[`${key}.mean_recall`]}, ${figures[`${key}.ms_per_face`]} ms/face; recall ${EMOTIONS.map((e, i) => `${e} ${round(run.recall[i], 2)}`).join(', ')}${variant === 'image' ? `; same top emotion as process/sample with the detector's box on the faces it found: ${figures[`${key}.same_as_detector_sample`]}` : ''}`);
  }
  worstBest(figures, 'emotion', 'top1', false);
  return figures;
}

/**
 * Non-UTKFace, label-free: over LFW people with two or more pictures, the
 * share of pictures whose gender matches the person's majority, and the
 * mean spread (standard deviation) of age within a person.
 */
async function lfwConsistency(ctx: EvalContext, every: number): Promise<Record<string, number | string>> {
  const images = (ctx.manifest.categories.verification as { images: { file: string; identity: string }[] }).images;
  const byPerson = new Map<string, string[]>();
  for (const im of images) byPerson.set(im.identity, [...(byPerson.get(im.identity) ?? []), im.file]);
  const people = [...byPerson.values()].filter((files) => files.length >= 2).filter((_, i) => i % every === 0);
  let agree = 0;
  let pictures = 0;
  const spreads: number[] = [];
  for (const files of people) {
    const ages: number[] = [];
    const genders: string[] = [];
    for (const file of files) {
      const bytes = ctx.read(file);
      const [a, g] = await Promise.all([image(ctx, 'age-estimator', bytes), image(ctx, 'gender-estimator', bytes)]);
      const fa = face(a, file);
      const fg = face(g, file);
      if (fa) ages.push(Number(fa.age));
      if (fg) genders.push(fg.gender);
    }
    const males = genders.filter((g) => g === 'male').length;
    agree += Math.max(males, genders.length - males);
    pictures += genders.length;
    if (ages.length >= 2) {
      const m = mean(ages);
      spreads.push(Math.sqrt(mean(ages.map((x) => (x - m) ** 2))));
    }
  }
  const figures = {
    'lfw.people': people.length,
    'lfw.gender_agrees_with_person_majority': round(agree / Math.max(1, pictures), 3),
    'lfw.age_sd_within_person': round(mean(spreads), 2),
  };
  console.log(`lfw (non-UTKFace, no labels): ${people.length} people with 2+ pictures, ${pictures} faces; gender agrees with the person's majority on ${figures['lfw.gender_agrees_with_person_majority']}, age SD within a person ${figures['lfw.age_sd_within_person']} y`);
  return figures;
}

/** Fails early, naming what the server lacks, rather than 404 per picture. */
async function checkServices(ctx: EvalContext): Promise<void> {
  const health = (await (await (await ctx.app()).request('/health')).json()) as { services: string[] };
  const missing = ['face-detector', 'age-estimator', 'gender-estimator', 'emotion-estimator'].filter((s) => !health.services.includes(s));
  if (missing.length > 0) throw new Error(`the server does not serve ${missing.join(', ')}: add their plugins to apps/server/src/plugins.ts`);
}

export const suite: EvalSuite = {
  name: 'attributes',
  async run(ctx) {
    await checkServices(ctx);
    const every = Math.max(1, Number(process.env.FACELAB_EVAL_EVERY ?? 1));
    const ageItems = (ctx.manifest.categories.age_gender as AgeItem[]).filter((_, i) => i % every === 0);
    const emotionItems = (ctx.manifest.categories.emotion as EmotionItem[]).filter((_, i) => i % every === 0);
    const only = process.env.FACELAB_EVAL_ONLY;
    return {
      ...(only && only !== 'age_gender' ? {} : await ageGenderSuite(ctx, ageItems)),
      ...(only && only !== 'emotion' ? {} : await emotionSuite(ctx, emotionItems)),
      ...(only && only !== 'lfw' ? {} : await lfwConsistency(ctx, every)),
    };
  },
};
