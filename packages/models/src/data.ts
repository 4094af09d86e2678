/**
 * The manifest and trained heads this package carries. From source this is
 * the repository's models/; once built, dist/models/ (copy-data.mjs puts
 * them beside the compiled recipes), the same path relative to this file.
 */
import { fileURLToPath } from 'node:url';

export const PACKAGE_MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));
