/**
 * `npm run eval [suite ...]`: runs every suite in suites/ (or the named
 * ones) on the dev set and prints their figures.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEvalContext, type EvalSuite } from './context.ts';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const ctx = createEvalContext(join(here, '..', '..', '..'));
const files = readdirSync(join(here, 'suites')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
const summary: Record<string, Record<string, number | string>> = {};
for (const file of files) {
  const { suite } = (await import(join(here, 'suites', file))) as { suite: EvalSuite };
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  console.log(`\n=== ${suite.name} ===`);
  summary[suite.name] = await suite.run(ctx);
}
console.log('\n=== summary ===');
console.log(JSON.stringify(summary, null, 2));
