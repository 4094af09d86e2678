/**
 * Trains the age and gender heads on frozen faceres features of the
 * training faces (train/extract.ts output; ../shared/train/age_gender only)
 * and writes them as ONNX with their manifest fragments:
 *   models/trained/age-head.onnx     features [N, 1024] -> age [N, 1] (years)
 *   models/trained/gender-head.onnx  features [N, 1024] -> male [N, 1] (P(male))
 * Ridge regression (age on log(1 + age), gender on +-1 then Platt-scaled
 * on out-of-fold scores), lambda chosen by 5-fold cross-validation with a
 * picture and its mirror image always in the same fold; both images are
 * training rows (flip augmentation). Prints the cross-validated figures.
 *
 *   npx tsx --conditions=source plugins/age-estimator/train/heads.ts /tmp/i15a/train0 /tmp/i15a/train1 ... [--write]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OnnxGraphBuilder } from '../../../packages/tfjs-to-onnx/src/onnx/builder.ts';
import { AGE_HEAD, GENDER_HEAD, HEAD_FEATURES } from '../src/models.ts';
import { crossValidate, fitRidge, plattScale, type Ridge } from './ridge.ts';
import { readRows, ROW, ROW_LAYOUT, type Item } from './rows.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const trainRoot = resolve(process.env.FACELAB_TRAIN_ROOT ?? join(root, '..', 'shared', 'train'));
const args = process.argv.slice(2);
const write = args.includes('--write');
const prefixes = args.filter((a) => !a.startsWith('--'));
const manifest = (JSON.parse(readFileSync(join(trainRoot, 'age_gender', 'manifest.json'), 'utf8')) as { items: Item[] }).items;
const rows = readRows(prefixes, manifest);
const located = rows.items.map((_, i) => rows.x[i * ROW + ROW_LAYOUT.located] === 1);
const pictures = rows.items.length;
const D = HEAD_FEATURES.size;

// Rows 2i and 2i + 1: picture i and its mirror image.
const x = new Float64Array(2 * pictures * D);
for (let i = 0; i < pictures; i++) {
  for (let j = 0; j < D; j++) {
    x[2 * i * D + j] = rows.x[i * ROW + ROW_LAYOUT.pool + j];
    x[(2 * i + 1) * D + j] = rows.x[i * ROW + ROW_LAYOUT.poolM + j];
  }
}
const twice = <T>(f: (item: Item, i: number) => T): T[] => rows.items.flatMap((item, i) => [f(item, i), f(item, i)]);
const age = Float64Array.from(twice((it) => it.age));
const male = Uint8Array.from(twice((it) => (it.gender === 'male' ? 1 : 0)));
// A fixed pseudo-random fold per picture (the manifest index scrambled), the same for both images.
const folds = Int32Array.from(twice((it) => (createHash('sha256').update(it.file).digest()[0]) % 5));
const lambdas = [0.03, 0.1, 0.3, 1, 3, 10];
const log = (s: string): void => void process.stderr.write(`${s}\n`);
log(`${pictures} pictures (${located.filter(Boolean).length} located), ${2 * pictures} rows with mirrors, ${D} features`);

/** Mean over pictures of f(plain, mirror) against the label. */
const perPicture = (pred: Float64Array, f: (a: number, b: number, i: number) => number): number => {
  let s = 0;
  for (let i = 0; i < pictures; i++) s += f(pred[2 * i], pred[2 * i + 1], i);
  return s / pictures;
};

// Age: log(1 + age) against plain age, chosen by the MAE of the plain picture's prediction.
const ageFits = [
  { target: 'log1p', y: age.map((a) => Math.log1p(a)), back: (t: number) => Math.expm1(t) },
  { target: 'years', y: age, back: (t: number) => t },
];
let bestAge: { target: string; lambda: number; mae: number; maeFlip: number; back: (t: number) => number; y: Float64Array } | undefined;
for (const fit of ageFits) {
  for (const cv of crossValidate(x, fit.y, D, folds, lambdas)) {
    const clamp = (t: number): number => Math.min(100, Math.max(1, fit.back(t)));
    const mae = perPicture(cv.predictions, (a, _b, i) => Math.abs(clamp(a) - rows.items[i].age));
    const maeFlip = perPicture(cv.predictions, (a, b, i) => Math.abs(clamp((a + b) / 2) - rows.items[i].age));
    log(`age ${fit.target} lambda ${cv.lambda}: CV MAE ${mae.toFixed(3)} (with flip ${maeFlip.toFixed(3)})`);
    if (!bestAge || mae < bestAge.mae) bestAge = { target: fit.target, lambda: cv.lambda, mae, maeFlip, back: fit.back, y: fit.y };
  }
}

let bestGender: { lambda: number; accuracy: number; accuracyFlip: number; scores: Float64Array } | undefined;
const sign = Float64Array.from(male, (m) => (m ? 1 : -1));
for (const cv of crossValidate(x, sign, D, folds, lambdas)) {
  const accuracy = perPicture(cv.predictions, (a, _b, i) => Number(a > 0 === (rows.items[i].gender === 'male')));
  const accuracyFlip = perPicture(cv.predictions, (a, b, i) => Number(a + b > 0 === (rows.items[i].gender === 'male')));
  log(`gender lambda ${cv.lambda}: CV accuracy ${accuracy.toFixed(4)} (with flip ${accuracyFlip.toFixed(4)})`);
  if (!bestGender || accuracy > bestGender.accuracy) bestGender = { lambda: cv.lambda, accuracy, accuracyFlip, scores: cv.predictions };
}
const platt = plattScale(bestGender!.scores, male);
log(`chosen: age ${bestAge!.target} lambda ${bestAge!.lambda} (CV MAE ${bestAge!.mae.toFixed(3)}); gender lambda ${bestGender!.lambda} (CV ${bestGender!.accuracy.toFixed(4)}), Platt a ${platt.a.toFixed(3)} b ${platt.b.toFixed(3)}`);

// Figures by age group (chosen settings, out of fold).
const groups = [[1, 12], [13, 25], [26, 45], [46, 65], [66, 200]];
const ageCv = crossValidate(x, bestAge!.y, D, folds, [bestAge!.lambda])[0].predictions;
const genderCv = crossValidate(x, sign, D, folds, [bestGender!.lambda])[0].predictions;
for (const [lo, hi] of groups) {
  const idx = rows.items.flatMap((it, i) => (it.age >= lo && it.age <= hi ? [i] : []));
  const mae = idx.reduce((s, i) => s + Math.abs(Math.min(100, Math.max(1, bestAge!.back(ageCv[2 * i]))) - rows.items[i].age), 0) / idx.length;
  const acc = idx.reduce((s, i) => s + Number(genderCv[2 * i] > 0 === (rows.items[i].gender === 'male')), 0) / idx.length;
  log(`  ages ${lo}-${hi}: ${idx.length} pictures, CV age MAE ${mae.toFixed(2)}, gender ${acc.toFixed(3)}`);
}

if (write) {
  const ageModel = fitRidge(x, bestAge!.y, D, bestAge!.lambda);
  const genderModel = fitRidge(x, sign, D, bestGender!.lambda);
  const training = {
    data: '../shared/train/age_gender (UTKFace aligned 200x200 crops; see its SOURCES.md)',
    pictures,
    rows: 2 * pictures,
    features: `faceres ${HEAD_FEATURES.output} of the age unit's crop around the face located from the whole picture, and of its mirror image`,
    folds: '5, by sha256 of the file name; a picture and its mirror in one fold',
    lambdas,
  };
  writeHead(AGE_HEAD.id, ageHeadOnnx(ageModel, bestAge!.target === 'log1p'), {
    task: 'age: the age in years of a face, from faceres features of the face crop',
    outputs: [{ name: AGE_HEAD.output, dtype: 'float32', shape: ['batch', 1], description: 'age in years (not clamped)' }],
    training: { ...training, method: `ridge regression on ${bestAge!.target === 'log1p' ? 'log(1 + age), exponentiated' : 'age in years'}`, lambda: bestAge!.lambda, cvMae: bestAge!.mae, cvMaeWithFlip: bestAge!.maeFlip },
  });
  writeHead(GENDER_HEAD.id, genderHeadOnnx(genderModel, platt), {
    task: 'gender: P(male) of a face, from faceres features of the face crop',
    outputs: [{ name: GENDER_HEAD.output, dtype: 'float32', shape: ['batch', 1], description: 'P(male)' }],
    training: { ...training, method: 'ridge regression on +1 (male) / -1 (female), Platt-scaled on the out-of-fold scores', lambda: bestGender!.lambda, platt, cvAccuracy: bestGender!.accuracy, cvAccuracyWithFlip: bestGender!.accuracyFlip },
  });
}

/** Weights with the standardisation folded in: y = x . w + b. */
function folded(model: Ridge, gain = 1, offset = 0): { w: Float32Array; b: number } {
  const w = new Float32Array(D);
  let b = model.bias;
  for (let j = 0; j < D; j++) {
    const v = model.weights[j] * model.scale[j];
    w[j] = v * gain;
    b -= v * model.mean[j];
  }
  return { w, b: b * gain + offset };
}

function linear(g: OnnxGraphBuilder, name: string, model: Ridge, gain = 1, offset = 0): string {
  const { w, b } = folded(model, gain, offset);
  const input = g.addInput(HEAD_FEATURES.input, 'float32', ['N', D]);
  const wt = g.addInitializer('w', { dtype: 'float32', shape: [D, 1], data: w });
  const bt = g.addInitializer('b', { dtype: 'float32', shape: [1], data: Float32Array.of(b) });
  const [mm] = g.addNode('MatMul', [input, wt], { name: `${name}_matmul` });
  const [z] = g.addNode('Add', [mm!, bt], { name: `${name}_bias` });
  return z!;
}

function ageHeadOnnx(model: Ridge, logTarget: boolean): Uint8Array {
  const g = new OnnxGraphBuilder('age_head');
  const z = linear(g, 'age', model);
  if (logTarget) {
    const [e] = g.addNode('Exp', [z], { name: 'exp' });
    const one = g.addInitializer('one', { dtype: 'float32', shape: [1], data: Float32Array.of(1) });
    g.addNode('Sub', [e!, one], { outputs: [AGE_HEAD.output] });
  } else g.addNode('Identity', [z], { outputs: [AGE_HEAD.output] });
  g.addOutput(AGE_HEAD.output, 'float32', ['N', 1]);
  return g.serialize({ producerName: '@facelab/age-estimator train', docString: 'age in years from faceres global_pooling/Mean features' });
}

function genderHeadOnnx(model: Ridge, platt: { a: number; b: number }): Uint8Array {
  const g = new OnnxGraphBuilder('gender_head');
  const z = linear(g, 'gender', model, platt.a, platt.b);
  g.addNode('Sigmoid', [z], { outputs: [GENDER_HEAD.output] });
  g.addOutput(GENDER_HEAD.output, 'float32', ['N', 1]);
  return g.serialize({ producerName: '@facelab/age-estimator train', docString: 'P(male) from faceres global_pooling/Mean features' });
}

function writeHead(id: string, onnx: Uint8Array, facts: { task: string; outputs: unknown[]; training: Record<string, unknown> }): void {
  const dir = join(root, 'models', 'trained');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.onnx`), onnx);
  const entry = {
    id,
    task: facts.task,
    source: { trainedBy: 'plugins/age-estimator/train/extract.ts, then train/heads.ts --write', data: '../shared/train/age_gender' },
    onnx: { file: `trained/${id}.onnx`, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.length, opset: 17 },
    inputs: [{ name: HEAD_FEATURES.input, dtype: 'float32', shape: ['batch', D], description: `faceres ${HEAD_FEATURES.output} of the age unit's face crop` }],
    outputs: facts.outputs,
    origin: 'trained by plugins/age-estimator/train (this repository)',
    licence: 'MIT (weights trained here); UTKFace, the training pictures, is for non-commercial research only and is not redistributed (see ../shared/train/age_gender/SOURCES.md)',
    facts: [
      { fact: `features: faceres ${HEAD_FEATURES.output} (1024-d) of the age unit's crop (FACERES.crop around the located face frame), 224x224 BGR minus the Caffe means`, evidence: 'read' },
      { fact: 'standardisation folded into one MatMul and Add', evidence: 'read' },
    ],
    training: facts.training,
  };
  writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  log(`wrote models/trained/${id}.onnx and ${id}.json`);
}
