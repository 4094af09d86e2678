/**
 * Canonical face frames for attribute units: where each face really is
 * inside whatever box arrived. Points already on the object are used as
 * they are (the 21 named points a client or the fitter sent, else the
 * fitter's mesh in hints); otherwise the mesh model runs inside the box,
 * in the fitter's two passes, so a loose, tight or shifted box lands on the
 * same points. The box alone never decides the crop, and the detector's
 * keypoints are not used, so process/image and process/sample with the
 * detector's box give the same frame.
 */
import { frameFromPoints, type BBox, type FaceFrame, type ImageSource, type InferenceBackend, type Landmarks, type RawImage, type SampleObject } from '@facelab/core';
import { cropFromBox, type FaceCrop } from './crop.ts';
import { normaliseMesh } from './mesh.ts';
import { createMeshRunner, fitMeshes, type MeshResult, type MeshRunner } from './mesh-runner.ts';
import { FACEMESH } from './models.ts';
import { meshPoints } from './points.ts';

/** Below this face probability of the mesh model, the box is used as it came (there is no face to locate). */
export const MIN_MESH_SCORE = 0.5;

export interface FramedFaces {
  /** One frame per face, in order. */
  frames: FaceFrame[];
  /** The faces with the located mesh in hints (for later units of the request); unchanged where nothing ran. */
  faces: SampleObject[];
  /** Milliseconds spent locating (0 when every face had points). */
  ms: number;
}

export interface FaceFramer {
  frames(image: ImageSource, faces: SampleObject[]): Promise<FramedFaces>;
}

/**
 * Mesh passes inside a client's box: the first from the box, then
 * re-framed on the mesh until it settles. On training pictures (not eval)
 * with the whole crop, a box 0.8 or 1.3 times the detector's, or shifted,
 * the frame's median distance to the one found from the detector's box was
 * under 2% of its height with four passes on 48-pixel FER faces (6% to 16%
 * with two), and under 0.5% on UTKFace crops.
 */
export const LOCATE_PASSES = 4;

/** The model id the framer loads, for a unit's `models` list. */
export const FRAMER_MODEL = FACEMESH.id;

/** Points already on a face: named landmarks, else the fitter's mesh (normalised). */
function knownPoints(face: SampleObject): Landmarks['points'] | undefined {
  const points = face.landmarks?.points;
  if (points?.left_eye && points.right_eye && (points.mouth || (points.mouth_left && points.mouth_right))) return points;
  const mesh = face.hints?.mesh;
  // The hints mesh is already normalised, so a 1 x 1 "picture" reads it as is.
  return mesh ? meshPoints(mesh, 1, 1) : undefined;
}

/** A first crop: the fitter's box crop, widened so a box tighter than the face still holds all of it. */
function seedCrop(box: BBox, width: number, height: number, widen: number): FaceCrop {
  const crop = cropFromBox(box, width, height);
  return { ...crop, side: crop.side * widen };
}
/** 1.3: a box 0.8 times the face then still holds it whole (p90 distance 0.20 instead of 0.57 frame heights on FER). */
export const SEED_WIDEN = 1.3;
/**
 * The first crops every face starts from: 1.3 and 2.0 times the fitter's
 * box crop, keeping the mesh the model scores highest. From a box 0.8
 * times the detector's, the 1.3 seed alone sometimes settled on part of
 * the face (a frame 0.4 to 0.9 log units smaller, or no face at all), and
 * the age read from it was up to 37 years off the whole-crop one; 2.0 alone
 * spills off tightly cropped pictures (96 of 486 whole crops refused). On
 * 486 UTKFace training faces (train/box-agreement.ts in age-estimator),
 * the two seeds took the mean |age - age from the whole crop| for the x0.8
 * box from 0.67 to 0.39 years and its age MAE from 6.14 to 5.91, at twice
 * the mesh passes.
 */
export const SEED_WIDENS: readonly number[] = [SEED_WIDEN, 2];

export interface FaceFramerOptions {
  /** The widenings of the first crop; each runs all passes and the face keeps the mesh with the highest face score. */
  seeds?: readonly number[];
}

/** Every face from every seed in one batch per pass; per face, the seed whose final mesh scored highest. */
async function locateFromSeeds(run: MeshRunner, picture: RawImage, boxes: BBox[], seeds: readonly number[]): Promise<MeshResult> {
  const first = seeds.flatMap((widen) => boxes.map((b) => seedCrop(b, picture.width, picture.height, widen)));
  const all = await fitMeshes(run, picture, first, true, LOCATE_PASSES);
  const meshes: Float32Array[] = [];
  const scores: number[] = [];
  boxes.forEach((_, k) => {
    let best = k;
    for (let s = 1; s < seeds.length; s++) if (all.scores[s * boxes.length + k] > all.scores[best]) best = s * boxes.length + k;
    meshes.push(all.meshes[best]);
    scores.push(all.scores[best]);
  });
  return { meshes, scores };
}

export async function createFaceFramer(inference: InferenceBackend, options: FaceFramerOptions = {}): Promise<FaceFramer> {
  const seeds = options.seeds ?? SEED_WIDENS;
  const model = FACEMESH;
  const run = createMeshRunner(await inference.load(model.id), model);
  return {
    async frames(image, faces) {
      const frames: (FaceFrame | undefined)[] = faces.map((f) => {
        const points = knownPoints(f);
        return points ? frameFromPoints(points, image.width, image.height) : undefined;
      });
      const todo = faces.flatMap((f, i) => (frames[i] ? [] : [i]));
      if (todo.length === 0) return { frames: frames as FaceFrame[], faces, ms: 0 };
      const began = performance.now();
      const picture = await image.forFaces(todo.map((i) => faces[i].bbox!), 1.5, model.size);
      const { width, height } = picture;
      const result = await locateFromSeeds(run, picture, todo.map((i) => faces[i].bbox!), seeds);
      const out = faces.slice();
      todo.forEach((i, k) => {
        // The frame is read from the mesh as later units will read it from hints (normalised, float32), so sharing it changes no answer.
        const mesh = normaliseMesh(result.meshes[k], width, height);
        const located = result.scores[k] >= MIN_MESH_SCORE ? frameFromPoints(meshPoints(mesh, 1, 1), image.width, image.height) : undefined;
        frames[i] = located ?? { box: faces[i].bbox! };
        if (located) out[i] = { ...faces[i], hints: { ...faces[i].hints, mesh, meshScore: result.scores[k] } };
      });
      return { frames: frames as FaceFrame[], faces: out, ms: performance.now() - began };
    },
  };
}
