/**
 * @facelab/tfjs-to-onnx: converts TensorFlow.js graph models (model.json +
 * .bin shards, float32 or quantised weights) to ONNX (opset 17, IR 8), and
 * exposes the small ONNX graph builder it writes through.
 */
export { convertTfjsModel } from './convert/convert.js';
export type { ConvertOptions, ConvertResult, InputSpec, OutputSpec } from './convert/convert.js';
export { loadTfjsModel } from './tfjs/load.js';
export { decodeWeights, float16ToFloat32 } from './tfjs/weights.js';
export type { ModelJson, TfjsModel, TfNode, WeightEntry, WeightsGroup } from './tfjs/model-json.js';
export { OnnxGraphBuilder, floatAttr } from './onnx/builder.js';
export type { AttributeInput, SerializeOptions } from './onnx/builder.js';
export { encodeModel } from './onnx/encode.js';
export { sizeOf } from './onnx/types.js';
export type { AttributeValue, Dim, DType, OnnxModel, OnnxNode, Tensor, TensorData, ValueInfo } from './onnx/types.js';
export { transpose, reshape, tensorOf } from './fold/ndarray.js';
export { supportedOps } from './ops/index.js';
