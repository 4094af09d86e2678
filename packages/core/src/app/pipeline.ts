/**
 * Runs one service on a decoded request: the checks process/sample owes
 * its caller (objects carry what the first unit needs, boxes are usable),
 * then each unit in turn.
 */
import { validationError } from '../errors.ts';
import type { ImageSource } from '../image/source.ts';
import type { UnitInstance } from '../plugin.ts';
import { hasAttribute, type AttributeName, type Sample, type SampleObject } from '../sample.ts';
import type { ResolvedService } from './registry.ts';

const WIRE_NAMES: Record<'v1' | 'v2', Partial<Record<AttributeName, string>>> = {
  v1: { landmarks: 'fitter', pose: 'angles', template: '$template', mask: 'mask' },
  v2: { landmarks: 'keypoints', pose: 'pose', template: 'template', mask: 'has_medical_mask' },
};

export interface PipelineRun {
  sample: Sample;
  timings: Record<string, number>;
}

export async function runPipeline(
  service: ResolvedService,
  instances: Map<string, UnitInstance>,
  route: 'sample' | 'image',
  version: 'v1' | 'v2',
  sample: Sample,
  image: ImageSource | undefined,
  params: Record<string, string>,
  /** Whether to decode the face copy ahead while the detector runs (see ImageApiOptions.spareCore). */
  ahead = true,
): Promise<PipelineRun> {
  const start = route === 'image' ? 0 : service.sampleStart;
  const units = service.units.slice(start);
  if (route === 'sample' && units.length > 0) checkObjects(units[0].requires, units[0].objectClass, sample.objects, version, image);
  // Units that crop faces after a detector: their face copy decodes (off this thread) while the detector runs.
  const cropper = units.find((u) => u.faceCrops);
  if (ahead && image && cropper?.faceCrops && units[0] !== cropper && units[0].provides.includes('bbox')) image.prefetchForFaces(cropper.faceCrops.margin, cropper.faceCrops.side);
  let objects = sample.objects;
  let verification = sample.verification;
  const timings: Record<string, number> = {};
  for (const unit of units) {
    const began = performance.now();
    const out = await instances.get(unit.name)!.run({ image, objects, params });
    timings[unit.name] = performance.now() - began;
    for (const [stage, ms] of Object.entries(out.timings ?? {})) timings[`${unit.name}.${stage}`] = ms;
    objects = out.objects;
    if (out.sample?.verification) verification = out.sample.verification;
  }
  return { sample: { ...sample, objects, verification }, timings };
}

function checkObjects(requires: readonly AttributeName[], objectClass: string, objects: SampleObject[], version: 'v1' | 'v2', image: ImageSource | undefined): void {
  objects.forEach((object, index) => {
    if ((object.class ?? objectClass) !== objectClass) return;
    for (const need of requires) {
      if (need === 'bbox') checkBox(object, index, image);
      else if (!hasAttribute(object, need)) {
        const wire = WIRE_NAMES[version][need] ?? need;
        throw validationError(['body', 'objects', index, wire], `Object ${index} (class ${objectClass}) has no ${wire}, which this service needs`, 'value_error.missing');
      }
    }
  });
}

function checkBox(object: SampleObject, index: number, image: ImageSource | undefined): void {
  const box = object.bbox;
  if (!box) throw validationError(['body', 'objects', index, 'bbox'], `Object ${index} has no bbox`, 'value_error.missing');
  const [x1, y1, x2, y2] = box;
  if (!(x2 > x1 && y2 > y1 && x2 > 0 && y2 > 0 && x1 < 1 && y1 < 1)) {
    throw validationError(['body', 'objects', index, 'bbox'], `Object ${index} has an unusable bbox: expected normalised [x1, y1, x2, y2] with x1 < x2, y1 < y2, overlapping the picture`, 'value_error.bbox');
  }
  // A box thinner than a pixel has nothing to crop: its crop would be scaled by 1e12 and come out NaN.
  if (image && ((x2 - x1) * image.width < 1 || (y2 - y1) * image.height < 1)) {
    throw validationError(['body', 'objects', index, 'bbox'], `Object ${index} has a bbox under one pixel wide or high in a ${image.width}x${image.height} picture`, 'value_error.bbox');
  }
}
