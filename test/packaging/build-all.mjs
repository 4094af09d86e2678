// Runs the build script of every package given, as `npm pack`'s prepack would,
// but in one process that parses each lib and declaration file (TypeScript's
// lib.dom, @types/node, hono, core's sources...) once for all packages
// instead of once per package, like an editor's language service shares
// them between projects. Each package's "build" must be
// "tsc -p tsconfig.build.json", optionally followed by "&& <command>" run in
// its folder, and its "prepack" "npm run build", so that packing with
// --ignore-scripts afterwards gives what prepack would.
//   node test/packaging/build-all.mjs packages/core plugins/face-detector ...
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const TSC = 'tsc -p tsconfig.build.json';
const shared = new Map();
const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
let failed = false;

for (const dir of process.argv.slice(2).map((d) => resolve(d))) {
  const { name, scripts = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const [tsc, ...after] = (scripts.build ?? '').split(' && ');
  if (tsc !== TSC || scripts.prepack !== 'npm run build') {
    console.error(`build-all: ${name}: expected "build": "${TSC}[ && ...]" and "prepack": "npm run build"`);
    process.exit(1);
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  const host = ts.createCompilerHost(config.options);
  const parse = host.getSourceFile;
  host.getSourceFile = (fileName, how, onError, fresh) => {
    const options = typeof how === 'object' ? how : { languageVersion: how };
    const key = `${fileName}\0${options.languageVersion}\0${options.impliedNodeFormat}\0${options.jsDocParsingMode}`;
    let file = shared.get(key);
    if (!file || fresh) shared.set(key, (file = parse(fileName, how, onError, fresh)));
    return file;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, projectReferences: config.projectReferences });
  const emitted = program.emit();
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    console.error((process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics)(diagnostics, formatHost));
    failed = true;
  }
  for (const command of after) execSync(command, { cwd: dir, stdio: 'inherit' });
}
process.exit(failed ? 1 : 0);
