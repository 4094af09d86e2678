/**
 * Trains the age and gender heads on frozen faceres features of the
 * training faces (train/extract.ts output; ../shared/train/age_gender only)
 * and writes them as ONNX with their manifest fragments:
 *   models/trained/age-head.onnx     features [N, 1024], faceres_age [N, 1] -> age [N, 1] (years)
 *   models/trained/gender-head.onnx  features [N, 1024] -> male [N, 1] (P(male))
 * Age: ridge regression of the correction to faceres's own age (its
 * expected value over the bins, also an input), rows weighted so the age
 * groups count as in UTKFace as a whole (NATURAL below; the training set
 * holds as many faces of every age, the world does not). Gender: a
 * one-hidden-layer MLP (the mask head's trainer), against ridge on +-1
 * Platt-scaled. Settings chosen by 5-fold cross-validation with a picture
 * and its mirror image always in the same fold; both images are training
 * rows (flip augmentation). Prints the cross-validated figures.
 *
 *   npx tsx --conditions=source plugins/age-estimator/train/heads.ts /tmp/i15a/train0 /tmp/i15a/train1 ... [--write]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OnnxGraphBuilder } from '../../../packages/tfjs-to-onnx/src/onnx/builder.ts';
import { predict as predictMlp, trainHead, type HeadWeights, type TrainOptions } from '../../mask-estimator/train/classifier.ts';
import { AGE_HEAD, FACERES, GENDER_HEAD, HEAD_FEATURES } from '../src/models.ts';
import { expectedAge } from '../src/postprocess.ts';
import { crossValidate, fitRidge, plattScale, type Ridge } from './ridge.ts';
import { readRows, ROW, ROW_LAYOUT, type Item } from './rows.ts';

/**
 * Age groups and the share of each in UTKFace as a whole: an approximation
 * of its overall age mix (most faces 20 to 40, many babies, few over 65),
 * not measured on any eval data. The training set caps every age at 60
 * faces, so without weights the heads would be tuned for as many 90-year-olds
 * as 30-year-olds.
 */
const GROUPS: [number, number][] = [[1, 12], [13, 25], [26, 45], [46, 65], [66, 200]];
const NATURAL = [0.13, 0.22, 0.43, 0.16, 0.06];
const GENDER_MLP: Omit<TrainOptions, 'seed'> = { hidden: 32, epochs: 15, batch: 64, learningRate: 1e-3, weightDecay: 1e-2, dropout: 0.5 };
const SEED = 20261203;

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const args = process.argv.slice(2);
const write = args.includes('--write');
const prefixes = args.filter((a) => !a.startsWith('--'));
const manifest = (JSON.parse(readFileSync(join(trainRoot, 'age_gender', 'manifest.json'), 'utf8')) as { items: Item[] }).items;
const rows = readRows(prefixes, manifest);
const pictures = rows.items.length;
const D = HEAD_FEATURES.size;
const log = (s: string): void => void process.stderr.write(`${s}\n`);

// Rows 2i and 2i + 1: picture i and its mirror image. Age features: the 1024 faceres features and faceres's own age.
const faceresAge = new Float64Array(2 * pictures);
const xGender = new Float32Array(2 * pictures * D);
const xAge = new Float64Array(2 * pictures * (D + 1));
for (let i = 0; i < pictures; i++) {
  for (const [k, pool, bins] of [[0, ROW_LAYOUT.pool, ROW_LAYOUT.bins], [1, ROW_LAYOUT.poolM, ROW_LAYOUT.binsM]] as const) {
    const r = 2 * i + k;
    faceresAge[r] = expectedAge(rows.x, i * ROW + bins, FACERES.bins, FACERES.minAge);
    for (let j = 0; j < D; j++) {
      const v = rows.x[i * ROW + pool + j];
      xGender[r * D + j] = v;
      xAge[r * (D + 1) + j] = v;
    }
    xAge[r * (D + 1) + D] = faceresAge[r];
  }
}
const twice = <T>(f: (item: Item, i: number) => T): T[] => rows.items.flatMap((item, i) => [f(item, i), f(item, i)]);
const group = (age: number): number => GROUPS.findIndex(([lo, hi]) => age >= lo && age <= hi);
const age = Float64Array.from(twice((it) => it.age));
const male = Uint8Array.from(twice((it) => (it.gender === 'male' ? 1 : 0)));
// A fixed pseudo-random fold per picture (its file name hashed), the same for both images.
const folds = Int32Array.from(twice((it) => createHash('sha256').update(it.file).digest()[0] % 5));
const counts = GROUPS.map((_, g) => rows.items.filter((it) => group(it.age) === g).length);
const weights = { key: 'natural', w: Float64Array.from(twice((it) => (NATURAL[group(it.age)] * pictures) / counts[group(it.age)])) };
log(`${pictures} pictures, ${2 * pictures} rows with mirrors; per age group ${counts.join(' / ')}`);

/** Per-group and natural-mix figures of per-picture values (`err` of the plain image, `errFlip` of the pair). */
function summary(per: (i: number) => number): { natural: number; uniform: number; groups: number[] } {
  const groups = GROUPS.map((_, g) => {
    const idx = rows.items.flatMap((it, i) => (group(it.age) === g ? [i] : []));
    return idx.reduce((s, i) => s + per(i), 0) / idx.length;
  });
  const uniform = rows.items.reduce((s, _, i) => s + per(i), 0) / pictures;
  return { natural: groups.reduce((s, v, g) => s + v * NATURAL[g], 0), uniform, groups };
}
const fmt = (f: { natural: number; uniform: number; groups: number[] }, d = 2): string =>
  `natural mix ${f.natural.toFixed(d)}, as sampled ${f.uniform.toFixed(d)}; by group ${f.groups.map((v) => v.toFixed(d)).join(' / ')}`;
const clampAge = (a: number): number => Math.min(100, Math.max(1, a));

// Baselines: faceres alone.
const baseAge = summary((i) => Math.abs(faceresAge[2 * i] - rows.items[i].age));
const baseGender = summary((i) => Number(rows.x[i * ROW + ROW_LAYOUT.male] >= 0.6 === (rows.items[i].gender === 'male')));
log(`faceres alone: age MAE ${fmt(baseAge)}; gender (0.6) ${fmt(baseGender, 3)}`);

// Age: ridge on the correction to faceres's age, natural-mix weights.
const D1 = D + 1;
const lambdas = [0.3, 1, 3, 10];
const correction = Float64Array.from(age, (a, r) => a - faceresAge[r]);
let bestAge: { lambda: number; cv: ReturnType<typeof summary>; cvFlip: ReturnType<typeof summary> } | undefined;
for (const cv of crossValidate(xAge, correction, D1, folds, lambdas, weights)) {
  const p = (r: number): number => faceresAge[r] + cv.predictions[r];
  const s = summary((i) => Math.abs(clampAge(p(2 * i)) - rows.items[i].age));
  const sFlip = summary((i) => Math.abs(clampAge((p(2 * i) + p(2 * i + 1)) / 2) - rows.items[i].age));
  log(`age lambda ${cv.lambda}: CV MAE ${fmt(s)} (with flip: natural ${sFlip.natural.toFixed(2)})`);
  if (!bestAge || s.natural < bestAge.cv.natural) bestAge = { lambda: cv.lambda, cv: s, cvFlip: sFlip };
}
log(`age: lambda ${bestAge!.lambda}`);

// Gender: ridge (+-1, Platt) against the MLP.
const sign = Float64Array.from(male, (m) => (m ? 1 : -1));
let bestRidge: { lambda: number; cv: ReturnType<typeof summary>; scores: Float64Array } | undefined;
const xGender64 = Float64Array.from(xGender);
for (const cv of crossValidate(xGender64, sign, D, folds, lambdas)) {
  const s = summary((i) => Number(cv.predictions[2 * i] > 0 === (rows.items[i].gender === 'male')));
  log(`gender ridge lambda ${cv.lambda}: CV accuracy ${fmt(s, 3)}`);
  if (!bestRidge || s.natural > bestRidge.cv.natural) bestRidge = { lambda: cv.lambda, cv: s, scores: cv.predictions };
}
const mlpCv = new Float32Array(2 * pictures);
for (let f = 0; f < 5; f++) {
  const train = [...folds.keys()].filter((r) => folds[r] !== f);
  const test = [...folds.keys()].filter((r) => folds[r] === f);
  const pick = (idx: number[]): Float32Array => {
    const out = new Float32Array(idx.length * D);
    idx.forEach((r, k) => out.set(xGender.subarray(r * D, (r + 1) * D), k * D));
    return out;
  };
  const head = trainHead(pick(train), Uint8Array.from(train, (r) => male[r]), D, { ...GENDER_MLP, seed: SEED + f });
  predictMlp(head, pick(test)).forEach((p, k) => (mlpCv[test[k]] = p));
  log(`  gender MLP fold ${f + 1}/5 done`);
}
const mlp = summary((i) => Number(mlpCv[2 * i] >= 0.5 === (rows.items[i].gender === 'male')));
const mlpFlip = summary((i) => Number(mlpCv[2 * i] + mlpCv[2 * i + 1] >= 1 === (rows.items[i].gender === 'male')));
log(`gender MLP ${JSON.stringify(GENDER_MLP)}: CV accuracy ${fmt(mlp, 3)} (with flip: natural ${mlpFlip.natural.toFixed(3)})`);
const useMlp = mlp.natural >= bestRidge!.cv.natural;
log(`gender: ${useMlp ? 'MLP' : `ridge lambda ${bestRidge!.lambda}`}`);

if (write) {
  const training = {
    data: '../shared/train/age_gender (UTKFace aligned 200x200 crops; see its SOURCES.md)',
    pictures,
    rows: 2 * pictures,
    features: `faceres ${HEAD_FEATURES.output} of the age unit's crop around the face located from the whole picture (the unit's own framer and crop), and of its mirror image`,
    folds: '5, by sha256 of the file name; a picture and its mirror in one fold',
    ageGroups: GROUPS,
    naturalMix: NATURAL,
    faceresAlone: { ageMae: baseAge, genderAccuracy: baseGender },
  };
  const ageModel = fitRidge(xAge, correction, D1, bestAge!.lambda, weights);
  writeHead(AGE_HEAD.id, ageHeadOnnx(ageModel), {
    task: "age: the age in years of a face, faceres's own age corrected from faceres features of the face crop",
    inputs: [{ name: AGE_HEAD.base, dtype: 'float32', shape: ['batch', 1], description: "faceres's expected age over its 100 bins (1 + sum of i p_i), same crop" }],
    outputs: [{ name: AGE_HEAD.output, dtype: 'float32', shape: ['batch', 1], description: 'age in years (not clamped)' }],
    training: { ...training, method: 'ridge regression of (age - faceres age) on [features, faceres age], rows weighted to the natural mix', lambda: bestAge!.lambda, cvMae: bestAge!.cv, cvMaeWithFlip: bestAge!.cvFlip },
  });
  const genderTraining = { ...training, cvAccuracyMlp: mlp, cvAccuracyMlpWithFlip: mlpFlip, cvAccuracyRidge: { lambda: bestRidge!.lambda, ...bestRidge!.cv } };
  if (useMlp) {
    const head = trainHead(xGender, male, D, { ...GENDER_MLP, seed: SEED });
    writeHead(GENDER_HEAD.id, mlpOnnx(head), {
      task: 'gender: P(male) of a face, from faceres features of the face crop',
      inputs: [],
      outputs: [{ name: GENDER_HEAD.output, dtype: 'float32', shape: ['batch', 1], description: 'P(male)' }],
      training: { ...genderTraining, method: 'MLP, one hidden ReLU layer, AdamW, class-balanced cross-entropy, input dropout (plugins/mask-estimator/train/classifier.ts)', head: { ...GENDER_MLP, seed: SEED } },
    });
  } else {
    const platt = plattScale(bestRidge!.scores, male);
    writeHead(GENDER_HEAD.id, ridgeGenderOnnx(fitRidge(xGender64, sign, D, bestRidge!.lambda), platt), {
      task: 'gender: P(male) of a face, from faceres features of the face crop',
      inputs: [],
      outputs: [{ name: GENDER_HEAD.output, dtype: 'float32', shape: ['batch', 1], description: 'P(male)' }],
      training: { ...genderTraining, method: 'ridge regression on +1 (male) / -1 (female), Platt-scaled on the out-of-fold scores', platt },
    });
  }
}

/** Ridge weights with the standardisation folded in: y = x . w + b over all `d` inputs. */
function folded(model: Ridge, d: number, gain = 1, offset = 0): { w: Float32Array; b: number } {
  const w = new Float32Array(d);
  let b = model.bias;
  for (let j = 0; j < d; j++) {
    const v = model.weights[j] * model.scale[j];
    w[j] = v * gain;
    b -= v * model.mean[j];
  }
  return { w, b: b * gain + offset };
}

function ageHeadOnnx(model: Ridge): Uint8Array {
  const { w, b } = folded(model, D1);
  const g = new OnnxGraphBuilder('age_head');
  const features = g.addInput(HEAD_FEATURES.input, 'float32', ['N', D]);
  const base = g.addInput(AGE_HEAD.base, 'float32', ['N', 1]);
  const wt = g.addInitializer('w', { dtype: 'float32', shape: [D, 1], data: w.slice(0, D) });
  // age = faceres age + correction, the correction also linear in faceres age: (1 + w_age) faceres age.
  const gain = g.addInitializer('base_gain', { dtype: 'float32', shape: [1], data: Float32Array.of(1 + w[D]) });
  const bt = g.addInitializer('b', { dtype: 'float32', shape: [1], data: Float32Array.of(b) });
  const [mm] = g.addNode('MatMul', [features, wt], { name: 'correction' });
  const [scaled] = g.addNode('Mul', [base, gain], { name: 'base_scaled' });
  const [sum] = g.addNode('Add', [mm!, scaled!], { name: 'sum' });
  g.addNode('Add', [sum!, bt], { outputs: [AGE_HEAD.output] });
  g.addOutput(AGE_HEAD.output, 'float32', ['N', 1]);
  return g.serialize({ producerName: '@facelab/age-estimator train', docString: "age in years: faceres's age corrected from its global_pooling/Mean features" });
}

function ridgeGenderOnnx(model: Ridge, platt: { a: number; b: number }): Uint8Array {
  const { w, b } = folded(model, D, platt.a, platt.b);
  const g = new OnnxGraphBuilder('gender_head');
  const input = g.addInput(HEAD_FEATURES.input, 'float32', ['N', D]);
  const wt = g.addInitializer('w', { dtype: 'float32', shape: [D, 1], data: w });
  const bt = g.addInitializer('b', { dtype: 'float32', shape: [1], data: Float32Array.of(b) });
  const [mm] = g.addNode('MatMul', [input, wt], { name: 'matmul' });
  const [z] = g.addNode('Add', [mm!, bt], { name: 'bias' });
  g.addNode('Sigmoid', [z!], { outputs: [GENDER_HEAD.output] });
  g.addOutput(GENDER_HEAD.output, 'float32', ['N', 1]);
  return g.serialize({ producerName: '@facelab/age-estimator train', docString: 'P(male) from faceres global_pooling/Mean features' });
}

/** The MLP with its standardisation folded into the first layer: MatMul, Add, Relu, MatMul, Add, Sigmoid. */
function mlpOnnx(head: HeadWeights): Uint8Array {
  const H = head.hidden;
  const w1 = new Float32Array(D * H);
  const b1 = Float64Array.from(head.b1);
  for (let j = 0; j < D; j++) {
    for (let u = 0; u < H; u++) {
      const v = head.w1[j * H + u] * head.scale[j];
      w1[j * H + u] = v;
      b1[u] -= v * head.mean[j];
    }
  }
  const g = new OnnxGraphBuilder('gender_head');
  const input = g.addInput(HEAD_FEATURES.input, 'float32', ['N', D]);
  const w1t = g.addInitializer('w1', { dtype: 'float32', shape: [D, H], data: w1 });
  const b1t = g.addInitializer('b1', { dtype: 'float32', shape: [H], data: Float32Array.from(b1) });
  const w2t = g.addInitializer('w2', { dtype: 'float32', shape: [H, 1], data: head.w2 });
  const b2t = g.addInitializer('b2', { dtype: 'float32', shape: [1], data: Float32Array.of(head.b2) });
  const [m1] = g.addNode('MatMul', [input, w1t], { name: 'dense1' });
  const [z1] = g.addNode('Add', [m1!, b1t], { name: 'dense1_bias' });
  const [h] = g.addNode('Relu', [z1!], { name: 'relu' });
  const [m2] = g.addNode('MatMul', [h!, w2t], { name: 'dense2' });
  const [z2] = g.addNode('Add', [m2!, b2t], { name: 'dense2_bias' });
  g.addNode('Sigmoid', [z2!], { outputs: [GENDER_HEAD.output] });
  g.addOutput(GENDER_HEAD.output, 'float32', ['N', 1]);
  return g.serialize({ producerName: '@facelab/age-estimator train', docString: 'P(male) from faceres global_pooling/Mean features' });
}

function writeHead(id: string, onnx: Uint8Array, facts: { task: string; inputs: unknown[]; outputs: unknown[]; training: Record<string, unknown> }): void {
  const dir = join(root, 'models', 'trained');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.onnx`), onnx);
  const entry = {
    id,
    task: facts.task,
    source: { trainedBy: 'plugins/age-estimator/train/extract.ts, then train/heads.ts --write', data: '../shared/train/age_gender' },
    onnx: { file: `trained/${id}.onnx`, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.length, opset: 17 },
    inputs: [{ name: HEAD_FEATURES.input, dtype: 'float32', shape: ['batch', D], description: `faceres ${HEAD_FEATURES.output} of the age unit's face crop` }, ...facts.inputs],
    outputs: facts.outputs,
    origin: 'trained by plugins/age-estimator/train (this repository)',
    licence: 'MIT (weights trained here); UTKFace, the training pictures, is for non-commercial research only and is not redistributed (see ../shared/train/age_gender/SOURCES.md)',
    facts: [
      { fact: `features: faceres ${HEAD_FEATURES.output} (1024-d) of the age unit's crop (FACERES.crop around the located face frame), 224x224 BGR minus the Caffe means`, evidence: 'read' },
      { fact: 'standardisation folded into the first MatMul and Add', evidence: 'read' },
    ],
    training: facts.training,
  };
  writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  log(`wrote models/trained/${id}.onnx and ${id}.json`);
}
