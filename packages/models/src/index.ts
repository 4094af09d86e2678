/**
 * @facelab/models: the model recipes, the converter and the manifest of
 * facelab, and `facelab-models`, which builds exactly the models of the
 * plugins installed in an app into the folder the runtime reads.
 */
export { buildModels, packageManifest, type BuildModelsOptions, type BuildModelsResult, type ProgressEvent } from './build.ts';
export { installedPlugins, neededModels, type InstalledPlugin } from './installed.ts';
export { PACKAGE_MODELS_DIR } from './data.ts';
