/** The command line of `facelab`: a command, its pictures and a few options. */
import { DEFAULT_URL } from '../client.ts';

export interface CliArgs {
  command: string;
  paths: string[];
  json: boolean;
  url: string;
  quiet: boolean;
  /** Query options for the service, from `-p key=value`. */
  params: Record<string, string>;
  /** verify: the largest false-accept rate still called a match. */
  far: number;
  concurrency: number;
  help: boolean;
}

export const USAGE = `Usage: facelab <command> [options] <photo or folder>...

Commands:
  detect <photo|folder>...     faces: confidence and box (face-detector)
  verify <photo> <photo>       are the largest faces of two photos the same person? (template extractor + verify-matcher)
  quality <photo|folder>...    face image quality measures (quality-assessment-estimator)
  services                     the services the server has
  health                       whether the server is up with every model loaded

Options:
  --url <url>          the server (default $FACELAB_URL or ${DEFAULT_URL})
  --json               print the answers as JSON instead of tables
  -p, --param k=v      a query option of the service, e.g. -p face_threshold=0.6 (repeatable)
  --far <rate>         verify: largest false-accept rate still called a match (default 0.001)
  --concurrency <n>    photos in flight at once for folders (default 2)
  -q, --quiet          no progress lines on stderr
  -h, --help           this help

Folders are read recursively for .jpg, .jpeg, .png, .webp and .bmp files.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): CliArgs {
  const args: CliArgs = { command: '', paths: [], json: false, url: env.FACELAB_URL || DEFAULT_URL, quiet: false, params: {}, far: 0.001, concurrency: 2, help: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = (): string => inline ?? value(i++, flag);
    if (flag === '--json') args.json = true;
    else if (flag === '-q' || flag === '--quiet') args.quiet = true;
    else if (flag === '-h' || flag === '--help') args.help = true;
    else if (flag === '--url') args.url = take();
    else if (flag === '--far') args.far = positiveNumber(take(), '--far');
    else if (flag === '--concurrency') args.concurrency = Math.max(1, Math.round(positiveNumber(take(), '--concurrency')));
    else if (flag === '-p' || flag === '--param') {
      const pair = take();
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`${flag} takes key=value, got "${pair}"`);
      args.params[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option ${arg}`);
    else if (!args.command) args.command = arg;
    else args.paths.push(arg);
  }
  return args;
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return n;
}
