/**
 * Plugins, units and services. A plugin provides units (one model step
 * each) and declares the services it serves, each an ordered pipeline of
 * unit names that may belong to other plugins. The app checks at start-up
 * that every service's units exist and fit together.
 */
import type { ImageSource } from './image/source.ts';
import type { InferenceBackend } from './inference.ts';
import type { AttributeName, Sample, SampleObject } from './sample.ts';

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface SetupContext {
  inference: InferenceBackend;
  logger: Logger;
}

/** What a unit gets per request. */
export interface UnitInput {
  /** The request's picture; absent for a sample without one (verify-matcher). */
  image?: ImageSource;
  objects: SampleObject[];
  /** Request options from the query string, e.g. `face_threshold=0.6`. */
  params: Readonly<Record<string, string>>;
}

export interface UnitOutput {
  objects: SampleObject[];
  /** Sample-level results (verify-matcher's verification). */
  sample?: Partial<Pick<Sample, 'verification'>>;
  /** Milliseconds spent per named stage, for the bench's breakdown. */
  timings?: Record<string, number>;
}

export interface UnitInstance {
  run(input: UnitInput): Promise<UnitOutput>;
  dispose?(): Promise<void>;
}

export interface UnitDefinition {
  /** Unique across plugins, e.g. "detect", "fit", "age". */
  name: string;
  /** The class of objects the unit works on; others pass through untouched. Detectors create them. */
  objectClass: string;
  requires: readonly AttributeName[];
  provides: readonly AttributeName[];
  /** Manifest ids of the models the unit loads. */
  models: readonly string[];
  /**
   * How the unit crops faces from the picture (`ImageSource.forFaces`
   * margin and model input side). Where it runs after a detector, the
   * pipeline starts decoding the face copy while the detector works.
   */
  faceCrops?: { margin: number; side: number };
  /** Loads models and returns the runner; called once at start-up. */
  setup(context: SetupContext): Promise<UnitInstance>;
}

export interface ServiceDefinition {
  /** The URL's first segment. */
  name: string;
  /** Units run for process/image, in order. */
  pipeline: readonly string[];
  /** The unit process/sample starts at (default: the first). Earlier units only run for process/image. */
  sampleStart?: string;
  /** Whether process/sample needs a picture (true unless every unit of the sample pipeline works on templates). */
  needsImage?: boolean;
}

export interface Plugin {
  name: string;
  version: string;
  /** The npm package that provides the plugin, e.g. "@facelab/age-estimator" (see pluginPackage). */
  package?: string;
  /** Range of @facelab/core versions the plugin was built for, e.g. "^0.1.0". */
  core: string;
  /**
   * Plugins whose units this plugin's services use, by package (or plugin)
   * name, e.g. ['@facelab/face-detector']: the app refuses to start without
   * them and names the package to install.
   */
  dependencies?: readonly string[];
  units: readonly UnitDefinition[];
  services: readonly ServiceDefinition[];
}

/** Freezes a plugin value so nothing changes it after registration. */
export function definePlugin(plugin: Plugin): Plugin {
  return Object.freeze({
    ...plugin,
    ...(plugin.dependencies ? { dependencies: Object.freeze([...plugin.dependencies]) } : {}),
    units: Object.freeze([...plugin.units]),
    services: Object.freeze([...plugin.services]),
  });
}
