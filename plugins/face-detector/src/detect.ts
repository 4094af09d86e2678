/**
 * The `detect` unit: finds the faces of a picture on downscaled copies and
 * replaces the request's face objects with them (objects of other classes
 * pass through). Every window of every level goes through the model in one
 * batched run, then the mirrored windows in a second.
 */
import type { ImageSource, ModelSession, RawImage, SampleObject, UnitInput, UnitInstance, UnitOutput } from '@facelab/core';
import { float32Tensor, warpToTensor } from '@facelab/core';
import { anchorCentres, decodeWindow, type Candidate } from './decode.ts';
import type { BoxAdjust, DetectorModel, FaceCheckModel, SecondDetectorModel } from './models.ts';
import { probabilityParam, type ResolvedOptions } from './options.ts';
import { adjustBox, tileKeeps, toFaces, weightedNms } from './postprocess.ts';
import { planLevels, planWindows, windowAffine, type Window } from './preprocess.ts';
import { secondLook } from './second-look.ts';
import { needsMirror } from './mirror.ts';
import { copyTile, isPixelAligned } from './tile-copy.ts';
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

export interface SecondDetector {
  session: ModelSession;
  model: SecondDetectorModel;
}

export function createDetector(session: ModelSession, model: DetectorModel, options: ResolvedOptions, check?: FaceCheck, second?: SecondDetector): UnitInstance {
  const secondOptions = second && options.secondLook ? { ...second, ...options.secondLook } : undefined;
  const anchors = anchorCentres(model);
  const outputs = model.layers.flatMap((l) => [l.scores, l.boxes]);
  const crop = model.size * model.size * 3;
  // copyTile writes RGB, NHWC, as BlazeFace reads it.
  const fastTiles = model.tensor.layout === 'nhwc' && model.tensor.channels === 'rgb';

  /** One level's downscaled copy (decoded on demand, once per size) and its windows. */
  async function level(image: ImageSource, sizes: number[], index: number): Promise<Level> {
    // The second detector reads the whole view's copy too (stretched to its 320x240 input): one decode, and BlazeFace sees the copy it always saw.
    const copy = await image.scaled(sizes[index]);
    return { copy, windows: planWindows(copy.width, copy.height, index, model.size, options.tiling.overlap) };
  }

  /** Each job's candidates, kept by its tile and normalised to the picture. */
  async function runJobs(jobs: Job[], minScore: number): Promise<Candidate[][]> {
    const batch = new Float32Array(jobs.length * crop);
    jobs.forEach((j, i) => {
      if (fastTiles && isPixelAligned(j.window, model.size)) copyTile(j.copy, j.window, j.view, model.tensor, batch, i * crop);
      else warpToTensor(j.copy, windowAffine(j.window, model.size, j.view), model.tensor, batch, i * crop);
    });
    const result = await session.run({ [model.input]: float32Tensor(batch, [jobs.length, model.size, model.size, 3]) }, outputs);
    return jobs.map(({ copy, window, view }, i) =>
      decodeWindow(model, anchors, sliceBatch(result, i, jobs.length), windowAffine(window, model.size, view), minScore, view)
        .filter((c) => tileKeeps(c, window, copy.width, copy.height, options.maxTileFace))
        .map((c) => normalise(c, copy, model.faceBox)),
    );
  }

  /**
   * Candidates of the whole view, of the tile levels when they are needed
   * (their copies are decoded only then), then of the mirrored windows.
   * `minScore` is half the threshold when mirroring, so a face whose first
   * view found nothing cannot reach the threshold as a two-view mean (short
   * of a perfect mirrored score under thresholds below 0.5): only windows
   * that found something are read mirrored.
   */
  async function candidates(image: ImageSource, minScore: number, threshold: number, spent: { decode: number }): Promise<{ found: Candidate[]; finest: RawImage }> {
    const sizes = planLevels(Math.max(image.width, image.height), model.size, options.maxSide, options.tiling);
    const jobsOf = ({ copy, windows }: Level): Job[] => windows.map((window) => ({ copy, window, view: 0 }));
    let began = performance.now();
    const whole = await level(image, sizes, 0);
    spent.decode += performance.now() - began;
    let ran = jobsOf(whole);
    let finest = whole.copy;
    let first = await runJobs(ran, minScore);
    // The whole view's second look reads down to the small-face hint's score; only its sure boxes join the fusion.
    const floor = secondOptions ? Math.min(secondOptions.minScore, secondOptions.agreeScore) : 1;
    const look = secondOptions ? await secondLook(secondOptions.session, secondOptions.model, whole.copy, 0, Math.min(floor, options.autoTileScore)) : [];
    const seen = look.filter((c) => c.score >= secondOptions!.minScore);
    const weak = look.filter((c) => c.score >= floor && c.score < secondOptions!.minScore).map((c) => ({ ...c, weak: true }));
    const due = options.tiles === 'always' ? 'all' : tilesDue([...first.flat(), ...seen], look, threshold);
    if (due !== 'none') {
      if (due === 'all' && sizes.length > 1 && options.tiling.blazeface) {
        began = performance.now();
        const finer = await Promise.all(sizes.slice(1).map((_, i) => level(image, sizes, i + 1)));
        spent.decode += performance.now() - began;
        const tiles = finer.flatMap(jobsOf);
        ran = ran.concat(tiles);
        finest = finer[finer.length - 1].copy;
        first = first.concat(await runJobs(tiles, minScore));
      }
      if (secondOptions && secondOptions.columns > 0) {
        began = performance.now();
        const copy = await image.scaled(secondOptions.tileSide);
        spent.decode += performance.now() - began;
        for (const c of await secondLook(secondOptions.session, secondOptions.model, copy, secondOptions.columns, floor)) {
          if (c.score >= secondOptions.minScore) seen.push(c);
          else weak.push({ ...c, weak: true });
        }
      }
    }
    if (!options.mirror) return { found: first.flat().concat(seen, weak), finest };
    // Only windows holding a candidate whose fate may hang on its mirrored view are read again (mirror.ts); the others' candidates score by one view.
    const mirrored = first.map((found) => found.some((c) => needsMirror(c, seen, weak, threshold, options.iouThreshold)));
    first.forEach((found, i) => found.forEach((c) => (c.views = mirrored[i] ? 2 : 1)));
    const again = ran.filter((_, i) => mirrored[i]).map((j) => ({ ...j, view: 1 }));
    const second = again.length > 0 ? (await runJobs(again, minScore)).flat().map((c) => ({ ...c, views: 2 })) : [];
    return { found: first.flat().concat(second, seen, weak), finest };
  }

  /**
   * 'auto' tiling: every tile level when the whole view found nothing sure,
   * or found a face small enough that smaller ones may hide; the second
   * detector's tiles alone (a tenth of the cost) when only its half-sure
   * boxes (from `autoTileScore`) hint at a small face.
   */
  function tilesDue(found: Candidate[], secondHints: Candidate[], threshold: number): 'all' | 'second' | 'none' {
    const small = (c: Candidate) => Math.max(c.box[2] - c.box[0], c.box[3] - c.box[1]) < options.autoTileFace;
    if (!found.some((c) => c.score >= threshold) || found.some((c) => c.score >= threshold && small(c))) return 'all';
    return secondHints.some((c) => c.score >= Math.min(threshold, options.autoTileScore) && small(c)) ? 'second' : 'none';
  }

  return {
    async run({ image, objects, params }: UnitInput): Promise<UnitOutput> {
      const threshold = probabilityParam(params, 'face_threshold', options.threshold);
      if (!image) return { objects };
      const began = performance.now();
      const spent = { decode: 0 };
      // With mirrored views a face's score is the mean of two views: decode below the threshold so both count.
      const floor = options.mirror ? Math.max(threshold / 2, DECODE_FLOOR) : Math.max(threshold, DECODE_FLOOR);
      const { found, finest } = await candidates(image, floor, threshold, spent);
      // The cap keeps the most confident and bounds the check's batch.
      let merged = weightedNms(found, options.iouThreshold, options.mirror ? 2 : 1)
        .filter((c) => c.score >= threshold)
        .sort((a, b) => b.score - a.score)
        .slice(0, options.maxFaces);
      if (check && options.verify) merged = await dropNonFaces(check.session, check.model, finest, merged, options.verify);
      const faces = toFaces(merged, options.maxFaces);
      const others = objects.filter((o: SampleObject) => (o.class ?? 'face') !== 'face');
      return { objects: [...faces, ...others], timings: { decode: spent.decode, infer: performance.now() - began - spent.decode } };
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

/** A BlazeFace candidate normalised to its copy, with its box in the reported convention too. */
function normalise(c: Candidate, copy: RawImage, faceBox: BoxAdjust): Candidate {
  const sx = 1 / copy.width;
  const sy = 1 / copy.height;
  const box: Candidate['box'] = [c.box[0] * sx, c.box[1] * sy, c.box[2] * sx, c.box[3] * sy];
  return {
    score: c.score,
    view: c.view,
    box,
    face: adjustBox(box, faceBox) as Candidate['box'],
    keypoints: c.keypoints.map((v, i) => v * (i % 2 === 0 ? sx : sy)),
  };
}
