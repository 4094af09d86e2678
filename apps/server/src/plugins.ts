/**
 * Every plugin of the all-in-one server. A custom build copies this file
 * and keeps the plugins it wants.
 */
import type { Plugin } from '@facelab/core';

export function allPlugins(): Plugin[] {
  return [];
}
