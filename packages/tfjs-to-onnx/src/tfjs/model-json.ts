/**
 * The parts of a TensorFlow.js graph-model `model.json` this package reads:
 * the GraphDef-as-JSON topology, the weights manifest and the signature.
 */

/** One AttrValue of a NodeDef, as the TF.js converter writes it to JSON. */
export interface TfAttrValue {
  readonly s?: string;
  readonly i?: string | number;
  readonly f?: number;
  readonly b?: boolean;
  readonly type?: string;
  readonly shape?: TfShape;
  readonly tensor?: { readonly dtype?: string; readonly tensorShape?: TfShape };
  readonly list?: {
    readonly s?: readonly string[];
    readonly i?: readonly (string | number)[];
    readonly f?: readonly number[];
    readonly b?: readonly boolean[];
    readonly type?: readonly string[];
    readonly shape?: readonly TfShape[];
  };
  readonly func?: unknown;
}

/** A TensorShapeProto as JSON. */
export interface TfShape {
  readonly dim?: readonly { readonly size?: string | number }[];
  readonly unknownRank?: boolean;
}

/** One NodeDef. */
export interface TfNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfAttrValue>>;
  readonly device?: string;
}

/** Quantisation of a stored weight. */
export interface WeightQuantization {
  readonly dtype: 'uint8' | 'uint16' | 'float16';
  readonly scale?: number;
  readonly min?: number;
  readonly original_dtype?: string;
}

/** One weight entry of a manifest group. */
export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: WeightQuantization;
}

/** A group of weights stored across the concatenation of `paths`. */
export interface WeightsGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightEntry[];
}

/** A signature tensor (inputs or outputs). */
export interface TfSignatureTensor {
  readonly name: string;
  readonly dtype?: string;
  readonly tensorShape?: TfShape;
}

/** The model.json document. */
export interface ModelJson {
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string | null;
  readonly modelTopology: { readonly node: readonly TfNode[]; readonly library?: unknown; readonly versions?: unknown };
  readonly weightsManifest: readonly WeightsGroup[];
  readonly signature?: {
    readonly inputs?: Readonly<Record<string, TfSignatureTensor>>;
    readonly outputs?: Readonly<Record<string, TfSignatureTensor>>;
  };
  readonly userDefinedMetadata?: unknown;
}

/** A graph model in memory: the parsed model.json and one buffer per weights group (its shards concatenated). */
export interface TfjsModel {
  readonly modelJson: ModelJson;
  readonly weightData: readonly Uint8Array[];
}

/** Splits a TF tensor reference `node:1` / `^node` into node name and output index (control inputs return index -1). */
export function parseTensorRef(ref: string): { readonly node: string; readonly index: number } {
  if (ref.startsWith('^')) return { node: ref.slice(1), index: -1 };
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { node: m[1]!, index: Number(m[2]) } : { node: ref, index: 0 };
}

/** Canonical name of output `index` of `node` (`node` for 0, `node:k` otherwise). */
export function tensorName(node: string, index: number): string {
  return index === 0 ? node : `${node}:${index}`;
}
