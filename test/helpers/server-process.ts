/**
 * Starts the real server as a user would (`node --import tsx` on main.ts,
 * or `npm start`), on 127.0.0.1 and a port the system picks, and reads its
 * port and pid from its "listening" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface ServerProcess {
  url: string;
  port: number;
  /** The pid of the process that listens (with npm start, npm's child). */
  pid: number;
  child: ChildProcess;
  /** Everything the server wrote so far, stdout and stderr. */
  log(): string;
  /** The lines of that log so far. */
  lines(): string[];
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** Resident memory of the listening process (workers included), from /proc. */
  rssMb(): number;
  /** Resolves with the exit code of `child`. */
  exited: Promise<number | null>;
}

export async function startServerProcess(env: Record<string, string> = {}, how: 'node' | 'npm' = 'node', timeoutMs = 120_000): Promise<ServerProcess> {
  const command = how === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', '--conditions=source', 'apps/server/src/main.ts']];
  const child = spawn(command[0] as string, command[1] as string[], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += String(chunk)));
  child.stderr!.on('data', (chunk) => (log += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = log.split('\n').find((l) => l.includes('"facelab listening"'));
    if (line) {
      const { port, pid } = JSON.parse(line) as { port: number; pid: number };
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        pid,
        child,
        log: () => log,
        lines: () => log.split('\n').filter(Boolean),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
        },
        rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
        exited,
      };
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in ${timeoutMs} ms: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether something accepts connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
