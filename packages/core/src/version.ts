/** The version of this package, checked against each plugin's `core` range at start-up. */
export const CORE_VERSION = '0.1.0';

/** Whether `version` satisfies a caret range like "^0.1.0" (or an exact version). */
export function satisfiesCaret(version: string, range: string): boolean {
  const parse = (s: string): number[] => s.replace(/^[\^~=v]/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [maj, min, pat] = parse(version);
  const [rmaj, rmin, rpat] = parse(range);
  if (!range.startsWith('^')) return maj === rmaj && min === rmin && pat === rpat;
  if (maj !== rmaj) return false;
  if (maj === 0 && min !== rmin) return false;
  if (min !== rmin) return min > rmin;
  return pat >= rpat;
}
