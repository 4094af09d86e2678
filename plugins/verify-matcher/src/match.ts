/**
 * The `verify` unit: exactly two objects with templates in, the objects
 * back unchanged and a sample-level `verification`:
 *
 * - distance: Euclidean distance between the two L2-normalised embeddings,
 *   0 (identical) to 2 (opposite); smaller means more alike. It equals
 *   sqrt(2 - 2 cos) of the embeddings' angle, so it is monotone in cosine
 *   similarity.
 * - fa_r / fr_r: the false acceptance / false rejection rate a threshold at
 *   this distance gives on the calibration pairs.
 * - score: the calibrated probability that both faces are one person, for
 *   equal prior odds.
 */
import { validationError, type UnitInput, type UnitInstance, type UnitOutput } from '@facelab/core';
import { decodeTemplate, formatName, TEMPLATE_FORMAT } from '@facelab/template-extractor';
import { ratesAt, type Calibration } from './roc.ts';

/** Euclidean distance between two unit vectors. */
export function templateDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/**
 * The matcher over `calibrations` (one per template format it reads, by the
 * format's key): both templates must come from one model, and the pair is
 * read with that model's calibration.
 */
export function createMatcher(calibrations: ReadonlyMap<string, Calibration>): UnitInstance {
  return {
    async run({ objects }: UnitInput): Promise<UnitOutput> {
      if (objects.length !== 2) {
        throw validationError(['body', 'objects'], `verify-matcher compares exactly two objects with templates; the request has ${objects.length}`, 'value_error.objects.count');
      }
      const [a, b] = objects.map((object, index) => {
        if (!object.template) {
          throw validationError(['body', 'objects', index], `Object ${index} has no template ($template in v1, template in v2), which verify-matcher needs`, 'value_error.missing');
        }
        return decodeTemplate(object.template, index);
      });
      if (a.format !== b.format) {
        throw validationError(
          ['body', 'objects', 1, 'template'],
          `Templates of different models cannot be compared: object 0 is ${formatName(a.format)}, object 1 is ${formatName(b.format)}; extract both again with this server (it makes ${formatName(TEMPLATE_FORMAT)})`,
          'value_error.template.model',
        );
      }
      const calibration = calibrations.get(a.format.key);
      if (!calibration) throw new Error(`verify-matcher: no calibration for ${a.format.key}`);
      const distance = templateDistance(a.embedding, b.embedding);
      return { objects, sample: { verification: { distance, ...ratesAt(calibration, distance) } } };
    },
  };
}
