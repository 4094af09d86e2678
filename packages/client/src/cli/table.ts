/** Plain-text tables for the terminal: columns padded to their widest cell. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/** A number for a table: fixed decimals, booleans and text as they are. */
export function cell(value: unknown, digits = 3): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Label and value pairs, the labels padded to one width. */
export function pairs(rows: [string, string][] | string[][]): string {
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return rows.map((r) => `${r[0]!.padEnd(width)}  ${r[1] ?? ''}`).join('\n');
}
