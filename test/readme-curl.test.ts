/**
 * The README's curl examples, run as written (bash, curl, jq) against the
 * real server in its own process, on two face-api demo photos: every command
 * succeeds and the answers hold what the comments say.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess, type ServerProcess } from './helpers/server-process.ts';


/** The sh block of the README's "Try it with curl" section. */
function curlExamples(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Try it with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no sh block under "Try it with curl"');
  return block[1]!;
}

let server: ServerProcess;
let dir: string;
beforeAll(async () => {
  server = await startServerProcess({ FACELAB_WORKERS: '1', FACELAB_THREADS: '2' });
  dir = mkdtempSync(join(tmpdir(), 'facelab-readme-'));
  copyFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'), join(dir, 'photo.jpg'));
  copyFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample3.jpg'), join(dir, 'other.jpg'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README curl examples', () => {
  it('run as written against a real server', () => {
    const script = curlExamples();
    // A marker before each top-level command, so the answers can be told apart.
    const commands = script.replaceAll('localhost:8080', `127.0.0.1:${server.port}`).replace(/\n(curl|base64|for) /g, "\necho '@@'\n$1 ");
    const out = execFileSync('bash', ['-euo', 'pipefail', '-c', commands], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    const answers = out.split('@@').filter((l) => l.trim()).map((l) => JSON.parse(l));
    expect(answers).toHaveLength(5);
    const withObjects = answers.filter((a) => Array.isArray(a.objects));
    // raw body, multipart, v2 sample: three faces each (sample1 has three)
    expect(withObjects.slice(0, 3).map((a) => a.objects.length)).toEqual([3, 3, 3]);
    expect(withObjects[1].objects[0].keypoints.nose.proj).toHaveLength(2);
    expect(Object.keys(withObjects[2].objects[0].template)).toHaveLength(1);
    const ages = answers.find((a) => Array.isArray(a) && a[0]?.age !== undefined);
    expect(ages).toHaveLength(3);
    for (const face of ages) expect(Number(face.age)).toBeGreaterThan(10);
    const verification = answers[answers.length - 1];
    expect(Object.keys(verification).sort()).toEqual(['distance', 'fa_r', 'fr_r', 'score']);
    expect(verification.distance).toBeGreaterThan(0.2);
  });
});
