#!/usr/bin/env node
/** The `facelab` command: see `facelab --help` and cli/commands.ts. */
import { runCli } from './cli/commands.ts';

process.exitCode = await runCli(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(text.endsWith('\n') || text.startsWith('\r') ? text : `${text}\n`), isTTY: Boolean(process.stderr.isTTY) },
  process.env,
);
