/**
 * The `facelab` command as a real process against the real server: tables
 * by default, JSON with --json, folders with progress, exit codes.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess, type ServerProcess } from '../../../test/helpers/server-process.ts';

const DEMO = join(ROOT, 'node_modules/@vladmandic/face-api/demo');
const CLI = join(ROOT, 'packages/client/src/cli.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function facelab(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: ServerProcess;
let folder: string;
beforeAll(async () => {
  server = await startServerProcess({ FACELAB_WORKERS: '1', FACELAB_THREADS: '2' });
  folder = mkdtempSync(join(tmpdir(), 'facelab-cli-'));
  copyFileSync(join(DEMO, 'sample1.jpg'), join(folder, 'a.jpg'));
  copyFileSync(join(DEMO, 'sample3.jpg'), join(folder, 'b.JPG'));
  writeFileSync(join(folder, 'notes.txt'), 'not a picture');
});
afterAll(async () => {
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('facelab CLI', () => {
  it('detect prints a table of faces', async () => {
    const run = await facelab(['detect', join(DEMO, 'sample1.jpg'), '--url', server.url]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^photo\s+face\s+confidence\s+box/);
    expect(lines.filter((l) => l.includes('sample1.jpg'))).toHaveLength(3);
    expect(run.stdout).toContain('3 faces in 1 photo');
  });

  it('detect on a folder reads its pictures, shows progress and prints JSON with --json', async () => {
    const run = await facelab(['detect', folder, '--json'], { FACELAB_URL: server.url });
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as { file: string; objects: { bbox: number[] }[] }[];
    expect(results.map((r) => r.file)).toEqual([join(folder, 'a.jpg'), join(folder, 'b.JPG')]);
    expect(results.map((r) => r.objects.length)).toEqual([3, 3]);
    expect(run.stdout).not.toContain('_image');
    expect(run.stderr).toContain('[1/2]');
    expect(run.stderr).toContain('[2/2]');
  });

  it('verify says whether the largest faces match', async () => {
    const same = await facelab(['verify', join(DEMO, 'sample1.jpg'), join(DEMO, 'sample1.jpg'), '--url', server.url]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/same person\s+yes/);
    const other = await facelab(['verify', join(DEMO, 'sample1.jpg'), join(DEMO, 'sample3.jpg'), '--url', server.url, '--json']);
    expect(other.code).toBe(0);
    const answer = JSON.parse(other.stdout);
    expect(answer.match).toBe(false);
    expect(answer.verification.distance).toBeGreaterThan(0.2);
    expect(answer.facesFound).toEqual([3, 3]);
  });

  it('quality prints the measures of every face', async () => {
    const run = await facelab(['quality', join(DEMO, 'sample6.jpg'), '--url', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/sample6\.jpg: \d faces?/);
    expect(run.stdout).toMatch(/^total_score\s+[\d.]+/m);
    expect(run.stdout).toMatch(/^is_sharp\s+(true|false)/m);
  });

  it('says what went wrong, with exit codes', async () => {
    const down = await facelab(['detect', join(DEMO, 'sample1.jpg'), '--url', 'http://127.0.0.1:18199']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('Could not reach');
    const missing = await facelab(['detect', join(folder, 'nope.jpg'), '--url', server.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or folder');
    const notPicture = await facelab(['detect', join(folder, 'notes.txt'), '--url', server.url]);
    expect(notPicture.code).toBe(1);
    expect(notPicture.stderr).toContain('notes.txt');
    const unknown = await facelab(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command');
    const help = await facelab(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: facelab');
  });
});
