/** Helpers for comparing wire JSON in contract tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SPEC_DIR = join(import.meta.dirname, '..', 'fixtures', 'spec');

export function specExample(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(SPEC_DIR, name), 'utf8'));
}

export function specExampleNames(): string[] {
  return readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json')).sort();
}

/** Drops the fields that hold placeholder text on the page ("image in base64", "template in base64"). */
export function withoutBlobs(body: Record<string, any>): Record<string, any> {
  const { $image, _image, ...rest } = body;
  void $image;
  void _image;
  if (Array.isArray(rest.objects)) {
    rest.objects = rest.objects.map((o: Record<string, any>) => {
      const { $template, template_size, template, ...others } = o;
      void $template;
      void template_size;
      void template;
      return others;
    });
  }
  return rest;
}

/** Deep equality with a relative tolerance on numbers, ignoring key order. */
export function sameJson(a: unknown, b: unknown, tolerance = 1e-6): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i], tolerance));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as any)[k], (b as any)[k], tolerance));
  }
  return a === b;
}
