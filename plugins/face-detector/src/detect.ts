/**
 * The `detect` unit: finds the faces of a picture on downscaled copies and
 * replaces the request's face objects with them (objects of other classes
 * pass through). Every window of every level goes through the model in one
 * batched run, then the mirrored windows in a second.
 */
import type { ImageSource, ModelSession, RawImage, SampleObject, UnitInput, UnitInstance, UnitOutput } from '@facelab/core';
import { float32Tensor, warpToTensor } from '@facelab/core';
import { anchorCentres, decodeWindow, type Candidate } from './decode.ts';
import type { DetectorModel, FaceCheckModel } from './models.ts';
import { probabilityParam, type ResolvedOptions } from './options.ts';
import { tileKeeps, toFaces, weightedNms } from './postprocess.ts';
import { planLevels, planWindows, windowAffine, type Window } from './preprocess.ts';
import { dropNonFaces } from './verify.ts';

/** Candidates below this are never decoded, whatever threshold a request asks for. */
const DECODE_FLOOR = 0.05;

interface Level {
  copy: RawImage;
  windows: Window[];
}

/** One model input: a window of a copy, as is (view 0) or mirrored (view 1). */
interface Job {
  copy: RawImage;
  window: Window;
  view: number;
}

export interface FaceCheck {
  session: ModelSession;
  model: FaceCheckModel;
}

export function createDetector(session: ModelSession, model: DetectorModel, options: ResolvedOptions, check?: FaceCheck): UnitInstance {
  const anchors = anchorCentres(model);
  const outputs = model.layers.flatMap((l) => [l.scores, l.boxes]);
  const crop = model.size * model.size * 3;

  async function levels(image: ImageSource): Promise<Level[]> {
    const sizes = planLevels(Math.max(image.width, image.height), model.size, options.maxSide, options.tiling);
    const copies = await Promise.all(sizes.map((s) => image.scaled(s)));
    return copies.map((copy, level) => ({ copy, windows: planWindows(copy.width, copy.height, level, model.size, options.tiling.overlap) }));
  }

  /** Each job's candidates, kept by its tile and normalised to the picture. */
  async function runJobs(jobs: Job[], minScore: number): Promise<Candidate[][]> {
    const batch = new Float32Array(jobs.length * crop);
    jobs.forEach((j, i) => warpToTensor(j.copy, windowAffine(j.window, model.size, j.view), model.tensor, batch, i * crop));
    const result = await session.run({ [model.input]: float32Tensor(batch, [jobs.length, model.size, model.size, 3]) }, outputs);
    return jobs.map(({ copy, window, view }, i) =>
      decodeWindow(model, anchors, sliceBatch(result, i, jobs.length), windowAffine(window, model.size, view), minScore, view)
        .filter((c) => tileKeeps(c, window, copy.width, copy.height, options.maxTileFace))
        .map((c) => normalise(c, copy)),
    );
  }

  /**
   * Candidates of every window, then of the mirrored windows. `minScore` is
   * half the threshold when mirroring, so a face whose first view found
   * nothing cannot reach the threshold as a two-view mean (short of a
   * perfect mirrored score under thresholds below 0.5): only windows that
   * found something are read mirrored.
   */
  async function candidates(plan: Level[], minScore: number, threshold: number): Promise<Candidate[]> {
    const plain = plan.flatMap(({ copy, windows }) => windows.map((window) => ({ copy, window, view: 0 })));
    const whole = plain.filter((j) => j.window.level === 0);
    const tiles = plain.filter((j) => j.window.level > 0);
    let ran = whole;
    let first = await runJobs(whole, minScore);
    if (tiles.length > 0 && (options.tiles === 'always' || needsTiles(first.flat(), threshold))) {
      ran = whole.concat(tiles);
      first = first.concat(await runJobs(tiles, minScore));
    }
    const found = first.flat();
    if (!options.mirror) return found;
    const again = ran.filter((_, i) => first[i].length > 0).map((j) => ({ ...j, view: 1 }));
    return again.length > 0 ? found.concat((await runJobs(again, minScore)).flat()) : found;
  }

  /** 'auto' tiling: the whole view found nothing sure, or found a face small enough that smaller ones may hide. */
  function needsTiles(found: Candidate[], threshold: number): boolean {
    const sure = found.filter((c) => c.score >= threshold);
    return sure.length === 0 || sure.some((c) => Math.max(c.box[2] - c.box[0], c.box[3] - c.box[1]) < options.autoTileFace);
  }

  return {
    async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
      const threshold = probabilityParam(params, 'face_threshold', options.threshold);
      if (!image) return { objects };
      const began = performance.now();
      const plan = await levels(image);
      const decoded = performance.now();
      // With mirrored views a face's score is the mean of two views: decode below the threshold so both count.
      const floor = options.mirror ? Math.max(threshold / 2, DECODE_FLOOR) : Math.max(threshold, DECODE_FLOOR);
      const found = await candidates(plan, floor, threshold);
      // The cap keeps the most confident and bounds the check's batch.
      let merged = weightedNms(found, options.iouThreshold, options.mirror ? 2 : 1)
        .filter((c) => c.score >= threshold)
        .sort((a, b) => b.score - a.score)
        .slice(0, options.maxFaces);
      if (check && options.verify) merged = await dropNonFaces(check.session, check.model, plan[plan.length - 1].copy, merged, options.verify);
      const faces = toFaces(merged, model.faceBox, options.maxFaces);
      const others = objects.filter((o: SampleObject) => (o.class ?? 'face') !== 'face');
      return { objects: [...faces, ...others], timings: { decode: decoded - began, infer: performance.now() - decoded } };
    },
  };
}

/** One batch item's view of every output tensor. */
function sliceBatch(result: Awaited<ReturnType<ModelSession['run']>>, index: number, total: number): typeof result {
  const out: typeof result = {};
  for (const [name, t] of Object.entries(result)) {
    const per = t.data.length / total;
    out[name] = { ...t, data: (t.data as Float32Array).subarray(index * per, (index + 1) * per), dims: [1, ...t.dims.slice(1)] };
  }
  return out;
}

function normalise(c: Candidate, copy: RawImage): Candidate {
  const sx = 1 / copy.width;
  const sy = 1 / copy.height;
  return {
    score: c.score,
    view: c.view,
    box: [c.box[0] * sx, c.box[1] * sy, c.box[2] * sx, c.box[3] * sy],
    keypoints: c.keypoints.map((v, i) => v * (i % 2 === 0 ? sx : sy)),
  };
}
