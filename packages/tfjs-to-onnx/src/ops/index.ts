/**
 * The registry of op handlers, by TF op name.
 */
import { activationHandlers } from './activation.js';
import { concatHandlers } from './concat.js';
import { convHandlers } from './conv.js';
import { elementwiseHandlers } from './elementwise.js';
import { gatherHandlers } from './gather.js';
import { layoutHandlers } from './layout.js';
import { logicHandlers } from './logic.js';
import { matmulHandlers } from './matmul.js';
import { poolHandlers } from './pool.js';
import { reduceHandlers } from './reduce.js';
import { reshapeHandlers } from './reshape.js';
import { resizeHandlers } from './resize.js';
import { stridedSliceHandlers } from './strided-slice.js';
import type { OpHandler } from './types.js';

/** Every TF op the converter can emit as ONNX (Const, Placeholder and NoOp are handled by the converter itself). */
export const OP_HANDLERS: Readonly<Record<string, OpHandler>> = {
  ...activationHandlers,
  ...concatHandlers,
  ...convHandlers,
  ...elementwiseHandlers,
  ...gatherHandlers,
  ...layoutHandlers,
  ...logicHandlers,
  ...matmulHandlers,
  ...poolHandlers,
  ...reduceHandlers,
  ...reshapeHandlers,
  ...resizeHandlers,
  ...stridedSliceHandlers,
};

/** Names of the TF ops the converter supports. */
export function supportedOps(): string[] {
  return [...Object.keys(OP_HANDLERS), 'Const', 'Placeholder', 'NoOp'].sort();
}
