/**
 * P(mask) for a batch of face boxes: the crops go through faceres in one
 * run for their features and those through the head in one run. Exported
 * for other units (quality assessment's not_masked) that need the same
 * score without the mask attribute.
 */
import { float32Tensor, type BBox, type ImageSource, type InferenceBackend } from '@facelab/core';
import { FEATURE_LAYOUT, FEATURE_MODEL, HEAD_MODEL } from './models.ts';
import { cropBatch, toPixelBox } from './preprocess.ts';

/** The manifest ids a unit using the scorer must declare in its `models`. */
export const MASK_MODELS: readonly string[] = [FEATURE_MODEL.id, HEAD_MODEL.id];

export interface MaskScorer {
  /** P(mask) per normalised face box, in order. */
  score(image: ImageSource, boxes: BBox[]): Promise<Float32Array>;
}

/**
 * Loads both models (call it in a unit's setup) and returns the scorer.
 *
 * @example
 * const scorer = await createMaskScorer(inference);
 * const p = await scorer.score(image, faces.map((f) => f.bbox!));
 */
export async function createMaskScorer(inference: Pick<InferenceBackend, 'load'>): Promise<MaskScorer> {
  const [features, head] = await Promise.all([inference.load(FEATURE_MODEL.id), inference.load(HEAD_MODEL.id)]);
  return {
    async score(image, boxes) {
      if (boxes.length === 0) return new Float32Array(0);
      const full = await image.full();
      const batch = cropBatch(full, boxes.map((box) => toPixelBox(box, full.width, full.height)));
      const n = boxes.length;
      const embedded = await features.run({ [FEATURE_MODEL.input]: float32Tensor(batch, [n, FEATURE_LAYOUT.height, FEATURE_LAYOUT.width, 3]) }, [FEATURE_MODEL.output]);
      const scored = await head.run({ [HEAD_MODEL.input]: float32Tensor(embedded[FEATURE_MODEL.output].data as Float32Array, [n, FEATURE_MODEL.size]) }, [HEAD_MODEL.output]);
      return Float32Array.from(scored[HEAD_MODEL.output].data as Float32Array);
    },
  };
}
